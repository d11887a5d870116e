// `npm test`: installs what is missing, starts the local stack if it is not running, then runs lint, unit tests,
// builds (the offline checks of docker/ and k8s/ among the unit tests), the integration suites (real Redis
// Cluster, single Redis node, Memcached, MariaDB) and the consistency checker on both engines. Stops the stack again if it started it. Then the container tests: the
// images built and docker/docker-compose.yml run on a Docker engine (FLEETCACHE_SKIP_CONTAINERS=true skips them,
// for a laptop without Docker). Prints one closing line: "tests: N passed, M failed".
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bin, ensureDependencies, run, stack, stackIsUp, step } from './lib/workspace.mjs';

// A short run: every read checked; a shard added and removed under load (slots migrate), warmer and service restarts
// and a Redis pause injected; near-cache on.
const CHECKER_SHORT_RUN = ['--ops', '20000', '--ids', '100', '--faults', 'reshard,warmer,service,redis-pause', '--fault-every-ms', '1500', '--near-ms', '1000'];
// The same on the Memcached engine, its faults mapped: a Memcached node killed (its keys lost) instead of slots moving.
const CHECKER_SHORT_RUN_MEMCACHED = ['--engine', 'memcached', '--ops', '8000', '--ids', '100', '--faults', 'memcached-node,warmer,service,redis-pause', '--fault-every-ms', '1500', '--near-ms', '1000'];

const RESULTS = join(ROOT, 'tmp', 'test-results');
// In CI (and with --no-cache) nothing is replayed from an earlier run's cache: every test really runs.
const noCache = process.env.CI === 'true' || process.argv.includes('--no-cache');
const nxFlags = ['--output-style=static', ...(noCache ? ['--skip-nx-cache'] : [])];

function main() {
  ensureDependencies();
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  step('Tools of the offline deployment checks (docker-compose, kubectl)');
  run('bash', [join(ROOT, 'scripts', 'deploy', 'ensure-tools.sh')]);
  const startedStack = !stackIsUp();
  step('Local stack');
  stack('up');
  let failure;
  try {
    step('Lint, unit tests and builds');
    bin('nx', ['run-many', '-t', 'lint', 'test', 'build', ...nxFlags]);
    step('Integration tests (real Redis Cluster, Memcached and MariaDB)');
    // The bundles they run were built by the step above, in this same run: not built a second time.
    // A run that never ends (a handle left open keeps Jest alive) fails here instead of eating CI's time limit.
    bin('nx', ['run-many', '-t', 'integration', '--parallel=1', '--excludeTaskDependencies', ...nxFlags], { timeout: 1_800_000 });
    step('Consistency checker, short run with faults (2 instances per service + warmer), Redis Cluster engine');
    run(process.execPath, [join(ROOT, 'scripts', 'checker', 'consistency.mjs'), ...CHECKER_SHORT_RUN], { timeout: 600_000 });
    step('Consistency checker, short run with faults, Memcached engine');
    run(process.execPath, [join(ROOT, 'scripts', 'checker', 'consistency.mjs'), ...CHECKER_SHORT_RUN_MEMCACHED], { timeout: 600_000 });
    writeFileSync(join(RESULTS, 'consistency-checker.json'), JSON.stringify({ passed: 2, failed: 0, skipped: 0 }));
    step('Benchmarks, quick mode (every scenario runs and produces figures; targets are not judged here)');
    run(process.execPath, [join(ROOT, 'scripts', 'bench', 'bench.mjs'), '--quick', '--skip-build'], { timeout: 900_000 });
    writeFileSync(join(RESULTS, 'bench-quick.json'), JSON.stringify({ passed: 1, failed: 0, skipped: 0 }));
  } catch (error) {
    failure = error;
  } finally {
    if (startedStack && process.env.KEEP_STACK !== 'true') {
      step('Stopping the stack this run started');
      stack('down');
    }
  }
  if (!failure) failure = containerTests();
  summarize(failure);
}

/** The container tests (tools/container-e2e), unless skipped; returns their failure, if any. */
function containerTests() {
  if (process.env.FLEETCACHE_SKIP_CONTAINERS === 'true') {
    step('Container tests: skipped (FLEETCACHE_SKIP_CONTAINERS=true)');
    return undefined;
  }
  step('Container tests (images built here, docker-compose stack, Kubernetes Redis scripts in containers)');
  try {
    bin('nx', ['run', 'container-e2e:e2e', ...nxFlags]);
    return undefined;
  } catch (error) {
    return error;
  }
}

function summarize(failure) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of readdirSync(RESULTS).filter((f) => f.endsWith('.json'))) {
    const result = JSON.parse(readFileSync(join(RESULTS, file), 'utf8'));
    for (const key of Object.keys(totals)) totals[key] += result[key];
  }
  if (failure) console.error(`\n${failure.message}`);
  if (!noCache) console.log('\n(test suites replayed from the Nx cache are not counted below; `npm test -- --no-cache` runs all)');
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  if (failure || totals.failed > 0 || totals.passed === 0) process.exit(1);
}

main();
