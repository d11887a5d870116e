// Where a route's server time goes: runs one app under `node --cpu-prof` (pinned to CPU 0), loads one route for
// 10 s with autocannon (this process, CPU 1), and prints the CPU profile's time by package and by function.
//   node scripts/bench/profile.mjs [user-service|bench-peers] [/users/] [--env KEY=VALUE ...]
// Needs the bench database (run `npm run bench -- --quick` once) and the built bundles.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/workspace.mjs';
import { BENCH_ENV, pinned } from './lib/apps.mjs';
import { attack, visitAll } from './lib/load.mjs';
import { userIds } from './lib/setup.mjs';

const [bundle = 'user-service', prefix = '/users/', ...rest] = process.argv.slice(2);
const extraEnv = Object.fromEntries(rest.filter((a) => a.includes('=')).map((a) => a.split('=')));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'fleetcache-profile-'));
const ids = (await userIds(1000)).map((id) => `${prefix}${id}`);
const [command, args] = pinned(0, process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(ROOT, 'dist/apps', bundle, 'main.js')]);
const child = spawn(command, args, { env: { ...process.env, ...BENCH_ENV, PORT: '3290', ...extraEnv }, stdio: 'inherit' });
const url = 'http://127.0.0.1:3290';
for (let i = 0; i < 200 && !(await fetch(`${url}/health/ready`).then((r) => r.ok, () => false)); i++) await sleep(100);
await visitAll(url, ids);
await visitAll(url, ids);
const result = await attack(url, () => ({ path: ids[Math.floor(Math.random() * ids.length)] }), { duration: 10 });
console.log(`${bundle} ${prefix}: ${Math.round(result.rps)} req/s, ${result.non2xx} non-2xx`);
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
summarize(JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')));

/** Self time by package, and by function. */
function summarize(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    total += profile.timeDeltas[i] ?? 0;
  });
  const byPackage = new Map();
  const byFunction = new Map();
  const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
  for (const [id, t] of self) {
    const { url: file, functionName } = nodes.get(id).callFrame;
    const inModules = file.split('node_modules/')[1];
    add(byPackage, inModules ? inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/') : file.includes('dist/apps') ? 'fleetcache (bundle)' : file.startsWith('node:') ? `node:${file.slice(5).split('/')[0]}` : functionName || '(native)', t);
    const where = inModules ? inModules.split('/').slice(0, 3).join('/') : file.replace(/.*dist\/apps\//, '');
    add(byFunction, `${functionName || '(anonymous)'}  ${where}`, t);
  }
  const print = (title, map) => {
    console.log(`\n${title}`);
    for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${k}`);
  };
  print('self time by package', byPackage);
  print('self time by function', byFunction);
}
