import type { CacheScope } from '../scope/cache-scope';

/** A cached answer, as stored (the `doc` field of its hash; its vector, hit count and last hit are fields beside it). */
export interface SemanticEntry {
  /** The prompt as it was asked. */
  prompt: string;
  /** Its normalized form (the exact-match key). */
  normalized: string;
  answer: string;
  embedderId: string;
  model: string;
  params: Readonly<Record<string, string | number | boolean>>;
  scope: CacheScope;
  /** What invalidates it, e.g. `product:42`. */
  tags: string[];
  /** Tokens the model used to produce it: what each hit saves. */
  usage: { promptTokens: number; completionTokens: number };
  createdAt: number;
}

/** An entry read back, with its statistics. */
export interface StoredEntry extends SemanticEntry {
  entryId: string;
  partition: string;
  vector: Float32Array;
  hits: number;
  lastHitAt: number;
}

/** A float vector as base64 of its little-endian float32 bytes. */
export function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** The inverse of {@link encodeVector}; an empty vector for anything malformed. */
export function decodeVector(encoded: string | null | undefined): Float32Array {
  if (!encoded) return new Float32Array(0);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length % 4 !== 0) return new Float32Array(0);
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.length / 4);
}

/** The vector in signed 8 bits (×127), what the lease script compares: within ~0.01 of the float similarity. */
export function quantizeVector(vector: Float32Array): Buffer {
  const out = Buffer.alloc(vector.length);
  for (let i = 0; i < vector.length; i++)
    out.writeInt8(Math.max(-127, Math.min(127, Math.round(vector[i] * 127))), i);
  return out;
}

/** Parses a stored doc; undefined when it is not one (another version's shape, or damaged). */
export function parseEntryDoc(doc: string | null | undefined): SemanticEntry | undefined {
  if (!doc) return undefined;
  try {
    const parsed = JSON.parse(doc) as SemanticEntry;
    return typeof parsed.answer === 'string' && typeof parsed.normalized === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
