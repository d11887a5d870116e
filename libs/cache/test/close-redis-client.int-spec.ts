import { Cluster } from 'ioredis';
import { closeRedisClient } from '../src/index';
import { LOCAL_STACK_REDIS } from '../src/testing';

/** What the test reads of ioredis's private refresh state. */
interface RefreshState {
  isRefreshing: boolean;
  slotsTimer: NodeJS.Timeout | null;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const newCluster = () =>
  new Cluster(LOCAL_STACK_REDIS.cluster, {
    slotsRefreshInterval: 5,
    dnsLookup: (address, callback) => callback(null, address),
  });

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn > 100_000) throw new Error(`never saw: ${what}`);
    await nextTurn();
  }
}

/** A connected cluster client caught in the middle of a periodic slot refresh. */
async function clusterMidRefresh(): Promise<Cluster> {
  const cluster = newCluster();
  await new Promise((resolve) => cluster.once('ready', resolve));
  await waitFor('a periodic slot refresh', () => (cluster as unknown as RefreshState).isRefreshing);
  return cluster;
}

async function expectNoRefreshTimerLeft(cluster: Cluster): Promise<void> {
  await sleep(100); // what was in flight at close has ended; a re-armed timer would have fired many times
  const state = cluster as unknown as RefreshState;
  expect(state.slotsTimer ? 'timer armed' : 'no timer').toBe('no timer');
  expect(state.isRefreshing).toBe(false);
  expect(['close', 'end']).toContain(cluster.status);
}

describe('closeRedisClient', () => {
  it.each([true, false])(
    'leaves no slot-refresh timer behind when a periodic refresh was running at close (drain: %s)',
    async (drain) => {
      const cluster = await clusterMidRefresh();

      await closeRedisClient(cluster, { drain });

      await expectNoRefreshTimerLeft(cluster);
    },
  );

  it('a closed cluster client arms no refresh timer when ioredis later tries to (a connect that ended in ready)', async () => {
    const cluster = newCluster();
    await new Promise((resolve) => cluster.once('ready', resolve));
    await closeRedisClient(cluster);

    (cluster as unknown as { resetNodesRefreshInterval(): void }).resetNodesRefreshInterval(); // what readyHandler calls
    cluster.refreshSlotsCache(); // what the timer calls

    await expectNoRefreshTimerLeft(cluster);
  });
});
