import { EmbedderError } from './embedder';
import { l2NormalizeInPlace } from './normalize-vector';

/** Characters of a reply body quoted in error messages. */
const EXCERPT_CHARS = 200;

/** A reply body read up to a byte limit. */
export interface BoundedBody {
  readonly text: string;
  /** The body went on past the limit (the rest was not read). */
  readonly truncated: boolean;
}

/** Reads at most `maxBytes` of a fetch response body as UTF-8, then stops reading (and cancels the rest). */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<BoundedBody> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** The start of a body for an error message, on one line. */
export function bodyExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS)}…` : oneLine || '(empty body)';
}

/**
 * Validates an OpenAI `/v1/embeddings` reply (`{ data: [{ index, embedding: number[] }] }`) strictly: one embedding
 * per input, each index once, `dimensions` finite numbers each. Returns the vectors in input order (by `index`, not
 * by position in `data`), L2-normalized. Throws an {@link EmbedderError} quoting the start of the body otherwise.
 */
export function parseEmbeddingsReply(
  text: string,
  inputs: number,
  dimensions: number,
  source: string,
): Float32Array[] {
  const fail = (problem: string): never => {
    throw new EmbedderError(`${source} ${problem}: ${bodyExcerpt(text)}`, { source });
  };
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    return fail('answered with a body that is not JSON');
  }
  const data = (reply as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return fail('answered without a data array');
  if (data.length !== inputs) return fail(`returned ${data.length} embeddings for ${inputs} inputs`);
  const vectors = new Array<Float32Array | undefined>(inputs);
  for (const item of data as unknown[]) {
    const index = (item as { index?: unknown } | null)?.index;
    if (
      typeof index !== 'number' ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= inputs ||
      vectors[index]
    ) {
      return fail(`returned an embedding with a missing, repeated or out-of-range index ${String(index)}`);
    }
    vectors[index] = toVector((item as { embedding?: unknown }).embedding, dimensions, (problem) =>
      fail(problem),
    );
  }
  return vectors as Float32Array[];
}

function toVector(embedding: unknown, dimensions: number, fail: (problem: string) => never): Float32Array {
  if (!Array.isArray(embedding)) return fail('returned an embedding that is not an array of numbers');
  if (embedding.length !== dimensions) {
    return fail(`returned a ${embedding.length}-dimensional embedding, expected ${dimensions}`);
  }
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) {
    const value: unknown = embedding[i];
    if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
      return fail('returned an embedding with a value that is not a finite number');
    }
    vector[i] = value;
  }
  return l2NormalizeInPlace(vector);
}
