/** The embedders of the semantic cache and their options (re-exported by the library index). */
export {
  HashingEmbedder,
  HASHING_EMBEDDER_DEFAULT_DIMENSIONS,
  HASHING_EMBEDDER_DEFAULT_THRESHOLD,
  HASHING_FEATURE_WEIGHTS,
} from './hashing-embedder';
export type { HashingEmbedderOptions } from './hashing-embedder';
export {
  OnnxEmbedder,
  ONNX_EMBEDDER_DEFAULT_THRESHOLD,
  ONNX_EMBEDDER_DEFAULT_BATCH_SIZE,
} from './onnx-embedder';
export type { OnnxEmbedderOptions } from './onnx-embedder';
export { MAX_MODEL_TOKENS } from './model-tokenizer';
export {
  OpenAiEmbedder,
  OPENAI_EMBEDDER_DEFAULT_THRESHOLD,
  OPENAI_EMBEDDER_DEFAULT_TIMEOUT_MS,
  OPENAI_EMBEDDER_DEFAULT_BATCH_SIZE,
  OPENAI_EMBEDDER_DEFAULT_MAX_REPLY_BYTES,
} from './openai-embedder';
export type { OpenAiEmbedderOptions } from './openai-embedder';
export { l2NormalizeInPlace, toUnitVector, dotProduct } from './normalize-vector';
