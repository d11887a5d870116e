import { execFileSync } from 'node:child_process';
import type { IndexKind } from '@fleetcache/semantic-cache';
import { progress } from '../support/progress';
import type { IndexLatency } from './index-latency';
import { measureLookupPath } from './lookup-path';

/** Options of the `latency` command. */
export interface LatencyOptions {
  sizes: number[];
  kinds: IndexKind[];
  queries: number;
  /** Seed of the random vectors and queries (the same seed, the same inputs). */
  seed: number;
  exactBelow: number;
  /** Entries of the whole-lookup measurement on Redis; 0 skips it. */
  lookupEntries: number;
  lookupQueries: number;
  /** The cache's index setting in the whole-lookup measurement (default `auto`, the library's). */
  lookupIndex: IndexKind;
}

/** Above this size, exact search runs at most this many queries (a 100k scan takes tens of ms each). */
const EXACT_QUERY_CAP = { fromSize: 20_000, queries: 300 };

/**
 * Index build time, memory and search latency per size and kind, each measured in a fresh child process (so its
 * memory is its own, and a GC can be forced), then the whole lookup path of the real cache on Redis.
 */
export async function latencyCommand(options: LatencyOptions): Promise<Record<string, unknown>> {
  const indexes: IndexLatency[] = [];
  for (const size of options.sizes) {
    for (const kind of options.kinds) indexes.push(measureInChild(size, kind, options));
  }
  const lookupPath =
    options.lookupEntries > 0
      ? await measureLookupPath(
          options.lookupEntries,
          options.lookupQueries,
          options.seed,
          options.lookupIndex,
        )
      : undefined;
  return {
    command: 'latency',
    dimensions: 384,
    k: 4,
    exactBelow: options.exactBelow,
    queries: options.queries,
    exactQueryCap: EXACT_QUERY_CAP,
    indexes,
    lookupPath,
  };
}

function measureInChild(size: number, kind: IndexKind, options: LatencyOptions): IndexLatency {
  const capped = kind === 'exact' && size >= EXACT_QUERY_CAP.fromSize;
  const queries = capped ? Math.min(options.queries, EXACT_QUERY_CAP.queries) : options.queries;
  progress(`latency: ${kind} index, ${size} vectors, ${queries} queries (child process)`);
  const args = [
    '--expose-gc',
    process.argv[1],
    'index-latency',
    `--size=${size}`,
    `--kind=${kind}`,
    `--queries=${queries}`,
    `--seed=${options.seed}`,
    `--exact-below=${options.exactBelow}`,
  ];
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const {
    command: _command,
    node: _node,
    seconds: _seconds,
    ...measured
  } = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  return measured as IndexLatency;
}
