// Test helpers of the semantic cache, for other projects' tests (never imported by the library itself).
export {
  createTinyModelFolder,
  TINY_VOCABULARY,
  type TinyModelOptions,
} from '../test/support/tiny-onnx-model';
export {
  startFakeEmbeddingsServer,
  type FakeEmbeddingsServer,
  type FakeEmbeddingsServerOptions,
} from '../test/support/fake-embeddings-server';
