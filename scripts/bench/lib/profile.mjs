// CPU profiles of one route under load: the app runs under `node --cpu-prof` (pinned to the server core), the route
// is warmed and loaded with autocannon, and the profile is summarised as shares of the server's busy time (idle
// excluded) by package and by function.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './apps.mjs';
import { attack, visitAll } from './load.mjs';
import { round } from './stats.mjs';

export async function profileRoute(bundle, prefix, ids, { seconds = 10, port = 3290, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fleetcache-profile-'));
  const app = new App(bundle, port, env, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  try {
    await app.start();
    const paths = ids.map((id) => `${prefix}${id}`);
    await visitAll(app.url, paths);
    await visitAll(app.url, paths);
    const result = await attack(app.url, () => ({ path: paths[Math.floor(Math.random() * paths.length)] }), { duration: seconds });
    await app.stop('SIGINT'); // node writes the profile on exit
    const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
    return { rps: round(result.rps, 0), non2xx: result.non2xx, ...summarize(profile) };
  } finally {
    await app.stop('SIGKILL');
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
