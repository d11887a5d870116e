import type { Provider } from '@nestjs/common';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { Cluster } from 'ioredis';
import { PEERS_OPTIONS, seedNodes, type PeersOptions } from './peers.options';

export const BENTO = Symbol('bench.bento');

/** BentoCache with two stores on the same Redis Cluster: `l2` (Redis only) and `tiered` (memory + Redis + bus). */
export const bentoProvider: Provider = {
  provide: BENTO,
  inject: [PEERS_OPTIONS],
  useFactory: (options: PeersOptions) => {
    // Auto-pipelining on, as fleetcache has it: the peers get the same client advantage.
    const cluster = () => new Cluster(seedNodes(options), { enableAutoPipelining: true });
    return new BentoCache({
      default: 'l2',
      stores: {
        l2: bentostore().useL2Layer(redisDriver({ connection: cluster() })),
        tiered: bentostore()
          .useL1Layer(memoryDriver({ maxSize: '100mb' }))
          .useL2Layer(redisDriver({ connection: cluster() }))
          .useBus(redisBusDriver({ connection: cluster() })),
      },
    });
  },
};
