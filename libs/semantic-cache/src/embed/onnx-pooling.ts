import { l2NormalizeInPlace } from './normalize-vector';

/** A batch of token ids padded to one length, row-major: `[rows, width]`, with the mask of the real tokens. */
export interface PaddedBatch {
  readonly rows: number;
  readonly width: number;
  readonly inputIds: BigInt64Array;
  readonly attentionMask: BigInt64Array;
}

/** Pads token id lists to the longest of them with `padId`; the attention mask is 1 on real tokens, 0 on padding. */
export function padBatch(sequences: readonly (readonly number[])[], padId: number): PaddedBatch {
  const rows = sequences.length;
  const width = Math.max(1, ...sequences.map((ids) => ids.length));
  const inputIds = new BigInt64Array(rows * width).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(rows * width);
  sequences.forEach((ids, row) => {
    for (let i = 0; i < ids.length; i++) {
      inputIds[row * width + i] = BigInt(ids[i]);
      attentionMask[row * width + i] = 1n;
    }
  });
  return { rows, width, inputIds, attentionMask };
}

/**
 * Sentence vectors from token vectors `[rows, width, dimensions]`: the mean over the tokens the attention mask keeps
 * (padding never counts), L2-normalized (sentence-transformers' mean pooling).
 */
export function meanPoolTokens(
  tokenVectors: Float32Array,
  batch: PaddedBatch,
  dimensions: number,
): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let row = 0; row < batch.rows; row++) {
    const sum = new Float32Array(dimensions);
    let tokens = 0;
    for (let position = 0; position < batch.width; position++) {
      if (batch.attentionMask[row * batch.width + position] === 0n) continue;
      tokens++;
      const offset = (row * batch.width + position) * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d] += tokenVectors[offset + d];
    }
    if (tokens > 0) for (let d = 0; d < dimensions; d++) sum[d] /= tokens;
    vectors.push(l2NormalizeInPlace(sum));
  }
  return vectors;
}

/** Rows of a `[rows, dimensions]` output (a model's own `sentence_embedding`), each L2-normalized. */
export function splitSentenceVectors(output: Float32Array, rows: number, dimensions: number): Float32Array[] {
  return Array.from({ length: rows }, (_, row) =>
    l2NormalizeInPlace(output.slice(row * dimensions, (row + 1) * dimensions)),
  );
}
