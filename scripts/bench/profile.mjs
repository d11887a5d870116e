// Where a route's server time goes: the app under `node --cpu-prof` (CPU 0), 10 s of load on one route (this
// process, CPU 1), then the profile's busy time by package and by function.
//   node scripts/bench/profile.mjs [user-service|bench-peers] [/users/] [KEY=VALUE ...]
// Needs the bench database (`npm run bench -- --quick` once) and the built bundles.
import { spawnSync } from 'node:child_process';
import { canPin, pinned } from './lib/apps.mjs';
import { profileRoute } from './lib/profile.mjs';
import { userIds } from './lib/setup.mjs';

if (canPin && !process.env.FLEETCACHE_BENCH_PINNED) {
  const [command, args] = pinned(1, process.execPath, process.argv.slice(1));
  process.exit(spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FLEETCACHE_BENCH_PINNED: '1' } }).status ?? 1);
}
const [bundle = 'user-service', prefix = '/users/', ...rest] = process.argv.slice(2);
const env = Object.fromEntries(rest.filter((a) => a.includes('=')).map((a) => a.split('=')));
const result = await profileRoute(bundle, prefix, await userIds(1000), { env });
console.log(`${bundle} ${prefix}: ${result.rps} req/s, ${result.non2xx} non-2xx; shares of the server's busy time:`);
for (const [title, rows] of [['by package', result.packages], ['by function', result.functions]]) {
  console.log(`\n${title}`);
  for (const row of rows) console.log(`${(row.share * 100).toFixed(1).padStart(6)}%  ${row.name}`);
}
