import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingEmbedder, OnnxEmbedder, type Embedder } from '@fleetcache/semantic-cache';
// The generator of the semantic cache's own ONNX tests: a real model folder with pseudo-random weights.
import { createTinyModelFolder, TINY_VOCABULARY } from '@fleetcache/semantic-cache/testing';

/** The embedders this benchmark can run here (no model download): the lexical one, and the tiny ONNX model. */
export type QualityEmbedderName = 'hashing' | 'onnx';

/** An embedder ready to use, what it is, and how to release it. */
export interface QualityEmbedder {
  embedder: Embedder;
  /** What the figures of this embedder mean (the tiny model's say nothing about a real sentence model). */
  description: string;
  close(): Promise<void>;
}

/** Makes the embedder `name`: `onnx` generates the tiny random-weights model into a temporary folder first. */
export async function openQualityEmbedder(name: QualityEmbedderName): Promise<QualityEmbedder> {
  if (name === 'hashing') {
    return {
      embedder: new HashingEmbedder(),
      description:
        'HashingEmbedder (lexical feature hashing, 384 dimensions, no weights): the default embedder',
      close: async () => undefined,
    };
  }
  const parent = await mkdtemp(join(tmpdir(), 'semantic-bench-onnx-'));
  const embedder = await OnnxEmbedder.load(
    await createTinyModelFolder(parent, { name: 'tiny-random-weights' }),
  );
  return {
    embedder,
    description:
      'OnnxEmbedder running the TINY RANDOM-WEIGHTS test model (one embedding-table lookup over a ' +
      `${TINY_VOCABULARY.length}-token vocabulary, mean-pooled): it exercises the ONNX path end to end; its ` +
      'precision and recall say nothing about a real sentence model such as all-MiniLM-L6-v2',
    close: async () => {
      await embedder.close();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
