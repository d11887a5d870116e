import { parseArgs } from 'node:util';
import { DEFAULT_SEMANTIC_CACHE_SETTINGS, type IndexKind } from '@fleetcache/semantic-cache';
import { e2eCommand } from './e2e/e2e-command';
import { measureIndex } from './latency/index-latency';
import { latencyCommand } from './latency/latency-command';
import { qualityCommand } from './quality/quality-command';
import type { QualityEmbedderName } from './quality/quality-embedders';
import { progress } from './support/progress';

const USAGE = `semantic-bench <command> [options]: prints one JSON line of results on stdout, progress on stderr
  quality [--embedder hashing|onnx|all] [--threshold t]
      precision and recall of the semantic cache on the labelled prompt pairs (the real cache on the Redis Cluster)
  latency [--sizes 10000,100000|none] [--kinds exact,hnsw,auto] [--queries 2000] [--lookup-entries 10000]
          [--lookup-queries 2000] [--lookup-index auto|exact|hnsw] [--seed 1]
      index build time, memory and search p50/p99 on random 384-dimension vectors, then the whole lookup on Redis
  e2e [--delay-ms 800] [--requests 100] [--chats 1] [--modes off,exact,semantic] [--seed 7] [--service-cpu n]
      the built assistant-service (dist/apps/assistant-service) under a workload with 60% repeated intents`;

const OPTIONS = {
  embedder: { type: 'string', default: 'all' },
  threshold: { type: 'string' },
  sizes: { type: 'string', default: '10000,100000' },
  kinds: { type: 'string', default: 'exact,hnsw,auto' },
  queries: { type: 'string', default: '2000' },
  'lookup-entries': { type: 'string', default: '10000' },
  'lookup-queries': { type: 'string', default: '2000' },
  'lookup-index': { type: 'string', default: 'auto' },
  seed: { type: 'string' },
  size: { type: 'string' },
  kind: { type: 'string' },
  'exact-below': { type: 'string', default: String(DEFAULT_SEMANTIC_CACHE_SETTINGS.exactBelow) },
  'delay-ms': { type: 'string', default: '800' },
  requests: { type: 'string', default: '100' },
  chats: { type: 'string', default: '1' },
  'service-cpu': { type: 'string' },
  modes: { type: 'string', default: 'off,exact,semantic' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type NumberOption = { [K in keyof Values]-?: Values[K] extends string | undefined ? K : never }[keyof Values];

function numberOption(values: Values, name: NumberOption, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, not ${raw}`);
  return value;
}

function listOption<T extends string>(raw: string, allowed: readonly T[], name: string): T[] {
  return raw.split(',').map((item) => {
    if (!allowed.includes(item as T))
      throw new Error(`--${name}: ${item} is not one of ${allowed.join(', ')}`);
    return item as T;
  });
}

const INDEX_KINDS: readonly IndexKind[] = ['exact', 'hnsw', 'auto'];

async function run(command: string | undefined, values: Values): Promise<Record<string, unknown>> {
  switch (command) {
    case 'quality':
      return qualityCommand({
        embedders: listOption<QualityEmbedderName>(
          values.embedder === 'all' ? 'hashing,onnx' : values.embedder,
          ['hashing', 'onnx'],
          'embedder',
        ),
        threshold: values.threshold === undefined ? undefined : numberOption(values, 'threshold'),
      });
    case 'latency':
      return latencyCommand({
        sizes: values.sizes === 'none' ? [] : values.sizes.split(',').map(Number),
        kinds: listOption(values.kinds, INDEX_KINDS, 'kinds'),
        queries: numberOption(values, 'queries'),
        seed: numberOption(values, 'seed', 1),
        exactBelow: numberOption(values, 'exact-below'),
        lookupEntries: numberOption(values, 'lookup-entries'),
        lookupQueries: numberOption(values, 'lookup-queries'),
        lookupIndex: listOption(values['lookup-index'], INDEX_KINDS, 'lookup-index')[0],
      });
    case 'index-latency': // one index measurement, in the child process `latency` starts for it
      return {
        command,
        ...measureIndex({
          size: numberOption(values, 'size'),
          kind: listOption(values.kind ?? '', INDEX_KINDS, 'kind')[0],
          queries: numberOption(values, 'queries'),
          seed: numberOption(values, 'seed', 1),
          exactBelow: numberOption(values, 'exact-below'),
        }),
      };
    case 'e2e':
      return e2eCommand({
        delayMs: numberOption(values, 'delay-ms'),
        requests: numberOption(values, 'requests'),
        chats: numberOption(values, 'chats'),
        modes: listOption(values.modes, ['off', 'exact', 'semantic'] as const, 'modes'),
        seed: numberOption(values, 'seed', 7),
        serviceCpu: values['service-cpu'] === undefined ? undefined : numberOption(values, 'service-cpu'),
        env: process.env,
      });
    default:
      throw new Error(`unknown command ${command ?? '(none)'}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: OPTIONS, allowPositionals: true });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const started = Date.now();
  const result = await run(positionals[0], values);
  const finished = { ...result, node: process.version, seconds: (Date.now() - started) / 1000 };
  // Exit only once the line is written: stdout is a pipe when scripts/bench runs the tool, and a pipe is written
  // asynchronously (process.exit would cut the line at 64 KB).
  await new Promise<void>((resolve) =>
    process.stdout.write(`${JSON.stringify(finished)}\n`, () => resolve()),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
