import { AppError } from '@fleetcache/core';

/**
 * Turns texts into unit-length vectors whose dot product is their cosine similarity. Every embedder of the semantic
 * cache implements this: the lexical feature-hashing embedder (no weights, the default), a local ONNX model, an
 * OpenAI-compatible `/v1/embeddings` endpoint.
 */
export interface Embedder {
  /** Names the embedder and its model, e.g. `hashing-v1`, `onnx:all-MiniLM-L6-v2`: entries of another id never match. */
  readonly id: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /** The similarity at or above which two prompts count as the same question, unless configured otherwise. */
  readonly defaultThreshold: number;
  /** One L2-normalized vector per text, in order. Throws {@link EmbedderError} when the embedder fails. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases what it holds (a model session, sockets). */
  close?(): Promise<void>;
}

/** The embedder failed (model missing or broken, endpoint down or answering nonsense): 503 at the edge. */
export class EmbedderError extends AppError {
  readonly code = 'EMBEDDER_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
}
