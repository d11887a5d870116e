import { testEnv } from '@fleetcache/platform/testing';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('change events are published right after commit, not at the relay poll', () => {
  const base = testEnv();
  // The relay polls once a minute here, so only the direct publish after commit can deliver within the test.
  const shared = {
    CACHE_KEY_PREFIX: base.CACHE_KEY_PREFIX,
    EVENTS_CHANNEL_PREFIX: base.EVENTS_CHANNEL_PREFIX,
    CACHE_NEAR_USER_MS: '30000',
    OUTBOX_POLL_MS: '60000',
  };
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    [a, b] = await Promise.all([startUserService(shared), startUserService(shared)]);
    await sleep(500); // subscriptions settle; the relays' start-up rounds are done
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('drops the other instance’s L1 copy within a second of the PATCH', async () => {
    const id = (
      await http(`${a.url}/users`, { method: 'POST', body: { name: 'Direct', email: uniqueEmail('dp') } })
    ).body.data.id;
    await sleep(300);
    await http(`${b.url}/users/${id}`);
    expect((await http(`${b.url}/users/${id}`)).headers.get('x-cache-tier')).toBe('L1');
    const patched = await http(`${a.url}/users/${id}`, { method: 'PATCH', body: { age: 41 } });
    const started = Date.now();
    let seen = 0;
    while (Date.now() - started < 1000) {
      seen = (await http(`${b.url}/users/${id}`)).body.data.version;
      if (seen === patched.body.data.version) break;
      await sleep(5);
    }
    expect(seen).toBe(patched.body.data.version);
  });
});
