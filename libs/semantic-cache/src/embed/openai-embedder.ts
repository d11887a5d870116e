import { Embedder, EmbedderError } from './embedder';
import { bodyExcerpt, parseEmbeddingsReply, readBoundedBody } from './openai-reply';

/**
 * Cosine similarity at or above which two prompts count as the same question for a remote embedding model (e.g.
 * OpenAI text-embedding-3-small, where paraphrases mostly score above 0.85). A starting value, to tune per model.
 */
export const OPENAI_EMBEDDER_DEFAULT_THRESHOLD = 0.85;
/** How long one `/v1/embeddings` request may take, reading the reply included, unless configured otherwise. */
export const OPENAI_EMBEDDER_DEFAULT_TIMEOUT_MS = 10_000;
/** Inputs per request unless configured otherwise (OpenAI accepts up to 2048). */
export const OPENAI_EMBEDDER_DEFAULT_BATCH_SIZE = 256;
/** Replies larger than this are refused unless configured otherwise (256 inputs of 3072 floats take about 16 MB). */
export const OPENAI_EMBEDDER_DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;
/** Bytes of an error reply read to quote it. */
const ERROR_BODY_BYTES = 4096;

/** Options of {@link OpenAiEmbedder}. */
export interface OpenAiEmbedderOptions {
  /** Where the API is, e.g. `https://api.openai.com` or `http://127.0.0.1:8080` (a trailing `/v1` is accepted). */
  readonly baseUrl: string;
  /** The embedding model, sent as `model` and part of the embedder's id. */
  readonly model: string;
  /** Length of the model's vectors: every reply is checked against it. */
  readonly dimensions: number;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  readonly apiKey?: string;
  /** Default {@link OPENAI_EMBEDDER_DEFAULT_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Overrides {@link OPENAI_EMBEDDER_DEFAULT_THRESHOLD}. */
  readonly defaultThreshold?: number;
  /** Default {@link OPENAI_EMBEDDER_DEFAULT_BATCH_SIZE}. */
  readonly batchSize?: number;
  /** Default {@link OPENAI_EMBEDDER_DEFAULT_MAX_REPLY_BYTES}. */
  readonly maxReplyBytes?: number;
}

/**
 * Embeds through any OpenAI-compatible `POST {baseUrl}/v1/embeddings` endpoint (`{ model, input: string[] }` ->
 * `{ data: [{ index, embedding }] }`): OpenAI, Azure-style gateways, vLLM, Ollama, LocalAI, text-embeddings-inference.
 * Replies are validated strictly (count, index, dimensions, finite numbers) and normalized; a failure, a non-2xx
 * status or a timeout is an {@link EmbedderError}. Texts with nothing but whitespace get the zero vector without a
 * request (the OpenAI API refuses empty inputs).
 */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly defaultThreshold: number;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly maxReplyBytes: number;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.id = `openai:${options.model}`;
    this.dimensions = options.dimensions;
    this.defaultThreshold = options.defaultThreshold ?? OPENAI_EMBEDDER_DEFAULT_THRESHOLD;
    this.url = embeddingsUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? OPENAI_EMBEDDER_DEFAULT_TIMEOUT_MS;
    this.batchSize = options.batchSize ?? OPENAI_EMBEDDER_DEFAULT_BATCH_SIZE;
    this.maxReplyBytes = options.maxReplyBytes ?? OPENAI_EMBEDDER_DEFAULT_MAX_REPLY_BYTES;
    requirePositiveInteger({
      dimensions: this.dimensions,
      timeoutMs: this.timeoutMs,
      batchSize: this.batchSize,
      maxReplyBytes: this.maxReplyBytes,
    });
    if (!options.model) throw new EmbedderError('The OpenAI-compatible embedder needs a model name');
  }

  /** One unit vector per text, in order, requesting at most `batchSize` texts at a time. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = texts.map(() => new Float32Array(this.dimensions));
    const toSend = texts.flatMap((text, index) => (text.trim() === '' ? [] : [index]));
    for (let start = 0; start < toSend.length; start += this.batchSize) {
      const indexes = toSend.slice(start, start + this.batchSize);
      const batchVectors = await this.request(indexes.map((index) => texts[index]));
      indexes.forEach((index, i) => (vectors[index] = batchVectors[i]));
    }
    return vectors;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ model: this.options.model, input }),
        signal,
      });
      return await this.readReply(response, input.length);
    } catch (error) {
      throw this.requestError(error, signal);
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private async readReply(response: Response, inputs: number): Promise<Float32Array[]> {
    if (!response.ok) {
      const { text } = await readBoundedBody(response, ERROR_BODY_BYTES);
      const message = `${this.url} answered HTTP ${response.status}: ${bodyExcerpt(text)}`;
      throw new EmbedderError(message, { url: this.url, status: response.status });
    }
    const body = await readBoundedBody(response, this.maxReplyBytes);
    if (body.truncated) {
      const message = `${this.url} answered with more than ${this.maxReplyBytes} bytes`;
      throw new EmbedderError(message, { url: this.url, status: response.status });
    }
    return parseEmbeddingsReply(body.text, inputs, this.dimensions, this.url);
  }

  private requestError(error: unknown, signal: AbortSignal): EmbedderError {
    if (error instanceof EmbedderError) return error;
    if (signal.aborted) {
      const message = `${this.url} did not answer within ${this.timeoutMs} ms`;
      return new EmbedderError(message, { url: this.url, timeoutMs: this.timeoutMs }, { cause: error });
    }
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return new EmbedderError(`${this.url} cannot be reached: ${cause}`, { url: this.url }, { cause: error });
  }
}

/** `{baseUrl}/v1/embeddings`, without doubling a `/v1` the base URL already ends with. */
function embeddingsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new EmbedderError(`The embeddings base URL ${JSON.stringify(baseUrl)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EmbedderError(`The embeddings base URL ${baseUrl} is not http(s)`);
  }
  if (url.username || url.password) {
    throw new EmbedderError('The embeddings base URL must not hold credentials: pass the key as apiKey');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? `${path}/embeddings` : `${path}/v1/embeddings`;
  return url.toString();
}

function requirePositiveInteger(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new EmbedderError(
        `The OpenAI-compatible embedder's ${name} must be a positive integer, not ${value}`,
      );
    }
  }
}
