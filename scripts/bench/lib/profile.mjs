// CPU profiles of one route under load: the app runs under `node --cpu-prof` (pinned to the server core), the route
// is warmed and loaded with autocannon, and the profile is summarised as shares of the server's busy time (idle
// excluded) by package and by function.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../lib/workspace.mjs';
import { BENCH_ENV, pinned } from './apps.mjs';
import { attack, visitAll } from './load.mjs';
import { round } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function profileRoute(bundle, prefix, ids, { seconds = 10, port = 3290, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fleetcache-profile-'));
  const [command, args] = pinned(0, process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(ROOT, 'dist/apps', bundle, 'main.js')]);
  const child = spawn(command, args, { env: { ...process.env, ...BENCH_ENV, PORT: String(port), ...env }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 300 && !(await fetch(`${url}/health/ready`).then((r) => r.ok, () => false)); i++) await sleep(100);
    const paths = ids.map((id) => `${prefix}${id}`);
    await visitAll(url, paths);
    await visitAll(url, paths);
    const result = await attack(url, () => ({ path: paths[Math.floor(Math.random() * paths.length)] }), { duration: seconds });
    child.kill('SIGINT'); // node writes the profile on exit
    await new Promise((r) => child.once('exit', r));
    const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
    return { rps: round(result.rps), non2xx: result.non2xx, ...summarize(profile) };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time by package and by function, as shares of the busy (non-idle) time. */
export function summarize(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
  profile.samples.forEach((id, i) => {
    const t = profile.timeDeltas[i] ?? 0;
    const { url: file, functionName } = nodes.get(id).callFrame;
    if (functionName === '(idle)') return;
    busy += t;
    const inModules = file.split('node_modules/')[1];
    const pkg = inModules
      ? inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/')
      : file.includes('dist/apps')
        ? 'app bundle (fleetcache + peers code)'
        : file.startsWith('node:')
          ? `node:${file.slice(5).split('/')[0]}`
          : functionName || '(native)';
    add(byPackage, pkg, t);
    const where = inModules ? inModules.split('/').slice(0, 3).join('/') : file.replace(/.*dist\/apps\//, '');
    add(byFunction, `${functionName || '(anonymous)'} ${where}`.trim(), t);
  });
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, t]) => ({ name, share: round(t / busy, 3) }));
  return { packages: top(byPackage, 12), functions: top(byFunction, 12) };
}
