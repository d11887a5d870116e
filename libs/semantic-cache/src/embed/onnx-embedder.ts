import { basename, resolve } from 'node:path';
import { Embedder, EmbedderError } from './embedder';
import { ModelTokenizer } from './model-tokenizer';
import { readOnnxModelFolder } from './onnx-model-folder';
import { padBatch } from './onnx-pooling';
import { OnnxModelSession } from './onnx-session';

/**
 * Cosine similarity at or above which two prompts count as the same question for a local sentence model: with
 * all-MiniLM-L6-v2, paraphrases of one question mostly score above 0.85 and related but different questions below.
 * A starting value, to tune on labelled pairs for the model in use.
 */
export const ONNX_EMBEDDER_DEFAULT_THRESHOLD = 0.85;

/** Texts run through the model together, unless configured otherwise. */
export const ONNX_EMBEDDER_DEFAULT_BATCH_SIZE = 32;

/** Options of {@link OnnxEmbedder.load}. */
export interface OnnxEmbedderOptions {
  /** Token limit per text, special tokens included (default: the folder's, at most 512). Longer texts are cut. */
  readonly maxLength?: number;
  /** Texts per model run (default {@link ONNX_EMBEDDER_DEFAULT_BATCH_SIZE}); each batch is padded to its longest. */
  readonly batchSize?: number;
  /** Threads onnxruntime may use inside one run (default 1: the service serves requests in parallel instead). */
  readonly intraOpThreads?: number;
  /** Overrides {@link ONNX_EMBEDDER_DEFAULT_THRESHOLD}. */
  readonly defaultThreshold?: number;
  /** How errors name the folder, e.g. the setting it came from: `ASSISTANT_EMBEDDER_MODEL_DIR` (default `ONNX model folder`). */
  readonly folderLabel?: string;
}

/**
 * A local sentence-embedding model (e.g. sentence-transformers/all-MiniLM-L6-v2 exported to ONNX) run in process by
 * onnxruntime-node, with the pure-JS Hugging Face tokenizer. Reads a folder in the Hugging Face layout and never
 * downloads anything. Uses the model's `sentence_embedding` output when it has one, else mean-pools
 * `last_hidden_state` over the attention mask; vectors are L2-normalized.
 */
export class OnnxEmbedder implements Embedder {
  readonly id: string;
  readonly defaultThreshold: number;
  private readonly batchSize: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly session: OnnxModelSession,
    private readonly tokenizer: ModelTokenizer,
    readonly dimensions: number,
    modelDir: string,
    options: OnnxEmbedderOptions,
  ) {
    this.id = `onnx:${basename(resolve(modelDir))}`;
    this.defaultThreshold = options.defaultThreshold ?? ONNX_EMBEDDER_DEFAULT_THRESHOLD;
    this.batchSize = options.batchSize ?? ONNX_EMBEDDER_DEFAULT_BATCH_SIZE;
  }

  /**
   * Loads the model of `modelDir` (`tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx` or `model.onnx`,
   * optionally `config.json`) and embeds a probe text, so that a broken model fails here rather than on the first
   * prompt. Throws an {@link EmbedderError} naming the folder and what is missing or wrong.
   */
  static async load(modelDir: string, options: OnnxEmbedderOptions = {}): Promise<OnnxEmbedder> {
    const batchSize = options.batchSize ?? ONNX_EMBEDDER_DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new EmbedderError(`The ONNX embedder batch size must be a positive integer, not ${batchSize}`);
    }
    const folder = await readOnnxModelFolder(modelDir, options.folderLabel ?? 'ONNX model folder');
    const tokenizer = ModelTokenizer.fromFolder(folder, options.maxLength);
    const session = await OnnxModelSession.open(folder.modelPath, options.intraOpThreads ?? 1);
    try {
      const [probe] = await session.run(padBatch([tokenizer.encode('probe')], tokenizer.padId));
      session.checkDeclaredDimensions(probe.length);
      return new OnnxEmbedder(session, tokenizer, probe.length, modelDir, options);
    } catch (error) {
      await session.release().catch(() => undefined);
      if (error instanceof EmbedderError) throw error;
      throw new EmbedderError(
        `${folder.modelPath} cannot be run: ${(error as Error).message}`,
        {},
        { cause: error },
      );
    }
  }

  /** One unit vector per text, in order; texts are batched by length so that little padding is computed. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw new EmbedderError(`The embedder ${this.id} is closed`, { embedder: this.id });
    if (texts.length === 0) return [];
    const running = this.embedInBatches(texts).catch((error: unknown) => {
      if (error instanceof EmbedderError) throw error;
      const message = `The embedder ${this.id} failed: ${(error as Error).message}`;
      throw new EmbedderError(message, { embedder: this.id }, { cause: error });
    });
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  /** Refuses new texts, waits for the runs under way, then releases the onnxruntime session. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.session.release();
  }

  private async embedInBatches(texts: readonly string[]): Promise<Float32Array[]> {
    const sequences = texts.map((text) => this.tokenizer.encode(text));
    const byLength = sequences
      .map((_, index) => index)
      .sort((a, b) => sequences[a].length - sequences[b].length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < byLength.length; start += this.batchSize) {
      const indexes = byLength.slice(start, start + this.batchSize);
      const batch = padBatch(
        indexes.map((index) => sequences[index]),
        this.tokenizer.padId,
      );
      const batchVectors = await this.session.run(batch);
      indexes.forEach((index, row) => (vectors[index] = batchVectors[row]));
    }
    return vectors;
  }
}
