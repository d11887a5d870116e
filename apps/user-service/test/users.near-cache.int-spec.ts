import { eventually, testEnv } from '@fleetcache/platform/testing';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('near-cache (L1) on two user-service instances', () => {
  const base = testEnv();
  // A long L1 lifetime, so only the change event can explain a fresh read on the other instance.
  const shared = {
    CACHE_KEY_PREFIX: base.CACHE_KEY_PREFIX,
    EVENTS_CHANNEL_PREFIX: base.EVENTS_CHANNEL_PREFIX,
    CACHE_NEAR_USER_MS: '10000',
  };
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    [a, b] = await Promise.all([startUserService(shared), startUserService(shared)]);
    await new Promise((r) => setTimeout(r, 500)); // subscriptions settle
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('answers from L1 after an L2 hit, and says which tier answered', async () => {
    const id = (
      await http(`${a.url}/users`, { method: 'POST', body: { name: 'Near', email: uniqueEmail('near') } })
    ).body.data.id;
    await settle(); // the creation event reaches B first, so it cannot drop what B is about to hold
    const first = await http(`${b.url}/users/${id}`);
    expect([first.headers.get('x-cache-status'), first.headers.get('x-cache-tier')]).toEqual(['HIT', 'L2']);
    const second = await http(`${b.url}/users/${id}`);
    expect([second.headers.get('x-cache-status'), second.headers.get('x-cache-tier')]).toEqual(['HIT', 'L1']);
  });

  it('drops the L1 entry on every instance when the change event arrives', async () => {
    const id = (
      await http(`${a.url}/users`, { method: 'POST', body: { name: 'Near', email: uniqueEmail('near') } })
    ).body.data.id;
    await settle();
    await http(`${b.url}/users/${id}`);
    expect((await http(`${b.url}/users/${id}`)).headers.get('x-cache-tier')).toBe('L1');
    await http(`${a.url}/users/${id}`, { method: 'PATCH', body: { city: 'Sejong' } });
    const acknowledged = Date.now();
    const fresh = await eventually(
      async () => (await http(`${b.url}/users/${id}`)).body.data.version === 2,
      2000,
      5,
    );
    expect(fresh).toBe(true);
    expect(Date.now() - acknowledged).toBeLessThan(500); // the event, not the 10 s L1 lifetime
    expect((await http(`${a.url}/users/${id}`)).body.data).toMatchObject({ version: 2, city: 'Sejong' }); // the writer reads its write
  });
});
