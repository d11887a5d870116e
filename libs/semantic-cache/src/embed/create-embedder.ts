import type { Embedder } from './embedder';
import { HashingEmbedder } from './hashing-embedder';
import { OnnxEmbedder } from './onnx-embedder';
import { OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai-embedder';

/** Which embedder to use and what it needs. */
export type EmbedderSettings =
  | { kind: 'hashing'; dimensions?: number }
  | {
      kind: 'onnx';
      modelDir: string;
      /** Names the folder in errors, e.g. the variable that set it. */ folderLabel?: string;
    }
  | ({ kind: 'openai' } & OpenAiEmbedderOptions);

/** The embedder `settings` describe; loads a local model (the ONNX one) before it resolves. */
export async function createEmbedder(settings: EmbedderSettings): Promise<Embedder> {
  switch (settings.kind) {
    case 'onnx':
      return OnnxEmbedder.load(settings.modelDir, { folderLabel: settings.folderLabel });
    case 'openai': {
      const { kind: _kind, ...options } = settings;
      return new OpenAiEmbedder(options);
    }
    default:
      return new HashingEmbedder({ dimensions: settings.dimensions });
  }
}
