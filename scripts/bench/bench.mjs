// `npm run bench`: fleetcache against the framework floor, the uncached path and the ecosystem's caches, side by side
// in one run, on the local stack. See BENCHMARKS.md for the method.
//   node scripts/bench/bench.mjs [--quick] [--only hit,floor,batch,…] [--runs N] [--seconds S] [--warmup S]
//                                [--update-docs] [--report <results.json>] [--baseline <git ref>]
// --quick: a few seconds per scenario (CI runs it: it checks every scenario produced figures, not the targets).
// --update-docs: also writes the results section of BENCHMARKS.md and docs/benchmarks/ratios.svg.
// --baseline <ref>: also runs user-service as built from that commit (scenario hit-baseline, beside hit), so the
// gain of a change is a paired ratio from one run.
// --report <file>: measures nothing; renders the tables, chart (and with --update-docs the docs) of a saved run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, ensureDependencies, stack, stackIsUp, step } from '../lib/workspace.mjs';
import { canPin, pinned } from './lib/apps.mjs';
import { markdownReport, svgChart, textReport } from './lib/report.mjs';
import { build, machineFacts, seedUsers, userIds } from './lib/setup.mjs';
import { batch } from './scenarios/batch.mjs';
import { clients } from './scenarios/clients.mjs';
import { lag } from './scenarios/lag.mjs';
import { profile } from './scenarios/profile.mjs';
import { SEMANTIC_IDS, semanticE2e, semanticLatency, semanticQuality } from './scenarios/semantic.mjs';
import { stampede } from './scenarios/stampede.mjs';
import { BASELINE_ID, THROUGHPUT_IDS, throughput } from './scenarios/throughput.mjs';
import { prepareBaseline } from './lib/baseline.mjs';
import { zipf } from './scenarios/zipf.mjs';
import { validate } from './lib/validate.mjs';

const LOAD_CPU = 1;
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    'update-docs': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    report: { type: 'string' },
    baseline: { type: 'string' },
  },
});

// The load generator (this process) runs on its own core; the servers are pinned to the other one.
if (canPin && !process.env.FLEETCACHE_BENCH_PINNED) {
  const [command, args] = pinned(LOAD_CPU, process.execPath, process.argv.slice(1));
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FLEETCACHE_BENCH_PINNED: '1' } });
  process.exit(child.status ?? 1);
}

const ALL = [...THROUGHPUT_IDS, 'batch', 'stampede', 'lag', 'zipf', 'clients', 'profile', ...SEMANTIC_IDS];
const only = opts.only ? opts.only.split(',') : ALL;
const unknown = only.filter((id) => !ALL.includes(id));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}
const ctx = {
  quick: opts.quick,
  mode: opts.quick ? 'quick' : 'full',
  runs: Number(opts.runs ?? (opts.quick ? 1 : 3)),
  seconds: Number(opts.seconds ?? (opts.quick ? 2 : 10)),
  warmupSeconds: Number(opts.warmup ?? (opts.quick ? 1 : 3)),
  users: opts.quick ? 10_000 : 100_000,
  log: (message) => console.log(`  ${message}`),
};

async function main() {
  ensureDependencies();
  const startedStack = !stackIsUp();
  step('Local stack');
  stack('up');
  try {
    if (!opts['skip-build']) {
      step('Builds (user-service, cache-warmer, product-service, bench-peers, assistant-service, semantic-bench)');
      build();
    }
    if (opts.baseline) {
      step(`Baseline: user-service built from ${opts.baseline}`);
      ctx.baseline = prepareBaseline(opts.baseline);
    }
    step(`Bench database: ${ctx.users.toLocaleString('en')} users`);
    seedUsers(ctx.users);
    ctx.ids = await userIds(ctx.users);
    const results = { mode: ctx.mode, runs: ctx.runs, seconds: ctx.seconds, warmupSeconds: ctx.warmupSeconds, pinned: canPin };
    results.machine = await machineFacts();
    results.startedAt = new Date().toISOString();
    const wanted = only.filter((id) => THROUGHPUT_IDS.includes(id));
    if (ctx.baseline && wanted.includes('hit')) wanted.splice(wanted.indexOf('hit') + 1, 0, BASELINE_ID);
    if (ctx.baseline) results.baseline = { ref: opts.baseline, commit: ctx.baseline.commit };
    if (wanted.length) {
      step(`Throughput: ${wanted.join(', ')}`);
      results.throughput = await throughput(ctx, wanted);
    }
    const scenarios = {
      batch,
      stampede,
      lag,
      zipf,
      clients,
      profile,
      'semantic-quality': semanticQuality,
      'semantic-latency': semanticLatency,
      'semantic-e2e': semanticE2e,
    };
    for (const [id, scenario] of Object.entries(scenarios)) {
      if (!only.includes(id)) continue;
      step(`Scenario ${id}`);
      results[id] = await scenario(ctx);
    }
    results.finishedAt = new Date().toISOString();
    report(results);
    const problems = validate(results, only);
    if (problems.length) {
      console.error(`\nbench: scenarios without figures:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (startedStack && process.env.KEEP_STACK !== 'true') stack('down');
  }
}

function report(results) {
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = results.finishedAt.replace(/[:.]/g, '-');
  const json = JSON.stringify(results, null, 2);
  writeFileSync(join(dir, `bench-${results.mode}-${stamp}.json`), json);
  writeFileSync(join(dir, `latest-${results.mode}.json`), json);
  writeFileSync(join(dir, `ratios-${results.mode}.svg`), svgChart(results));
  console.log(textReport(results));
  console.log(`\nbench: results in bench-results/latest-${results.mode}.json, chart in bench-results/ratios-${results.mode}.svg`);
  if (opts['update-docs']) updateDocs(results);
}

/** Rewrites the results section of BENCHMARKS.md and the chart it shows. */
function updateDocs(results) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const [start, end] = ['<!-- bench:results:start -->', '<!-- bench:results:end -->'];
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  writeFileSync(file, `${before}\n${markdownReport(results)}\n${after}`);
  mkdirSync(join(ROOT, 'docs', 'benchmarks'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'benchmarks', 'ratios.svg'), svgChart(results));
  console.log('bench: BENCHMARKS.md and docs/benchmarks/ratios.svg updated');
}

if (opts.report) {
  const saved = JSON.parse(readFileSync(opts.report, 'utf8'));
  console.log(textReport(saved));
  if (opts['update-docs']) updateDocs(saved);
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

