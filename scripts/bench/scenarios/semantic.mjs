// semantic-quality, semantic-latency, semantic-e2e: the semantic cache of the assistant-service, measured by
// tools/semantic-bench (built to dist/tools/semantic-bench/main.js), which prints one JSON line per command.
//   quality: precision and recall on the 350 labelled prompt pairs, per embedder that runs here (the lexical
//     HashingEmbedder, and the tiny random-weights ONNX test model), with every guard and with the threshold alone.
//   latency: index build time, memory and search p50/p99 (exact, HNSW, auto) on random 384-dimension vectors, then
//     the whole lookup of the real cache on the Redis Cluster; repeated ctx.runs times (spread: min–max).
//   e2e: the built assistant-service with the stand-in model, once per SEMANTIC_CACHE_MODE (off, exact, semantic)
//     on one workload with 60% repeated intents: model calls, latency, hit against miss.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/workspace.mjs';
import { canPin } from '../lib/apps.mjs';
import { summary } from '../lib/stats.mjs';

export const SEMANTIC_IDS = ['semantic-quality', 'semantic-latency', 'semantic-e2e'];
const TOOL = join(ROOT, 'dist', 'tools', 'semantic-bench', 'main.js');
/** The server core of the other scenarios: the e2e service runs there when processes can be pinned. */
const SERVER_CPU = 0;

/** Runs one tool command; its progress goes to our log, its JSON line is the result. */
function runTool(args, ctx) {
  if (!existsSync(TOOL)) throw new Error(`${TOOL} is missing: npx nx run-many -t build -p semantic-bench,assistant-service`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TOOL, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => String(chunk).trimEnd().split('\n').forEach((line) => ctx.log(line)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`semantic-bench ${args.join(' ')} exited with ${code}`));
      resolve(JSON.parse(line));
    });
  });
}

export function semanticQuality(ctx) {
  return runTool(['quality'], ctx);
}

export async function semanticLatency(ctx) {
  const size = ctx.quick
    ? ['--sizes=2000,10000', '--queries=300', '--lookup-entries=2000', '--lookup-queries=300']
    : ['--sizes=10000,100000', '--queries=2000', '--lookup-entries=10000', '--lookup-queries=2000'];
  const runs = [];
  for (let run = 0; run < ctx.runs; run++) runs.push(await runTool(['latency', ...size, `--seed=${run + 1}`], ctx));
  return summarizeLatency(runs);
}

export function semanticE2e(ctx) {
  const args = ctx.quick ? ['--delay-ms=200', '--requests=30'] : ['--delay-ms=800', '--requests=100'];
  if (canPin) args.push(`--service-cpu=${SERVER_CPU}`);
  return runTool(['e2e', ...args, '--chats=1'], ctx);
}

/** Median and spread over the runs of every figure the reports show; the runs themselves are kept too. */
function summarizeLatency(runs) {
  const [first] = runs;
  const of = (pick) => summary(runs.map(pick));
  const indexes = first.indexes.map((index, i) => ({
    size: index.size,
    kind: index.kind,
    effectiveKind: index.effectiveKind,
    queries: index.near.count,
    buildMs: of((r) => r.indexes[i].buildMs),
    memoryBytes: of((r) => r.indexes[i].memoryBytes),
    rssDeltaBytes: of((r) => r.indexes[i].rssDeltaBytes),
    p50: of((r) => r.indexes[i].near.p50),
    p99: of((r) => r.indexes[i].near.p99),
    max: of((r) => r.indexes[i].near.max),
    farP99: of((r) => r.indexes[i].far.p99),
    recallAt1: of((r) => r.indexes[i].near.recallAt1),
  }));
  const lookup = first.lookupPath && {
    entries: first.lookupPath.entries,
    queries: first.lookupPath.all.count,
    fillMs: of((r) => r.lookupPath.fillMs),
    p50: of((r) => r.lookupPath.all.p50),
    p99: of((r) => r.lookupPath.all.p99),
    hitP50: of((r) => r.lookupPath.hits.p50),
    hitP99: of((r) => r.lookupPath.hits.p99),
    missP50: of((r) => r.lookupPath.misses.p50),
    missP99: of((r) => r.lookupPath.misses.p99),
    hitRatio: of((r) => r.lookupPath.hitRatio),
    wrongHits: of((r) => r.lookupPath.wrongHits),
  };
  return { dimensions: first.dimensions, k: first.k, exactBelow: first.exactBelow, indexes, lookupPath: lookup, runs };
}
