// profile: where the server's time goes on a hit, against the floor and peer-cm, from CPU profiles taken under the
// same load (shares of busy time by package). This is the evidence behind "Reading the results" in BENCHMARKS.md.
import { profileRoute } from '../lib/profile.mjs';

const ROUTES = { floor: ['bench-peers', '/floor/users/'], hit: ['user-service', '/users/'], 'peer-cm': ['bench-peers', '/cm/users/'] };

export async function profile(ctx) {
  const ids = ctx.ids.slice(0, 1000);
  const result = {};
  for (const [id, [bundle, prefix]] of Object.entries(ROUTES)) {
    result[id] = await profileRoute(bundle, prefix, ids, { seconds: ctx.quick ? 3 : 10 });
    ctx.log(`profile ${id}: ${result[id].rps} req/s`);
  }
  return result;
}
