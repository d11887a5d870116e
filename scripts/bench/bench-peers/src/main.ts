import 'reflect-metadata';
import { ENTITY_SERVICE_EDGE, ServiceAppModule, validateServiceEnv } from '@fleetcache/entity-api';
import { runHttpApp } from '@fleetcache/platform';
import { USER_SERVICE } from '@fleetcache/user-feature';
import { PeersModule } from './peers.module';

/**
 * The benchmark's comparison app: user-service itself (same modules, same HTTP stack) plus
 *   GET /floor/users/:id          a constant body of the size of a real user response (no cache, no DB)
 *   GET /cm/users/:id             @nestjs/cache-manager CacheInterceptor over @keyv/redis (cluster)
 *   GET /bento/users/:id          BentoCache getOrSet, Redis driver (L2 only)
 *   GET /bento-tiered/users/:id   BentoCache getOrSet, memory + Redis + Redis bus
 *   GET /bench/loads              how often each peer loaded each id from MySQL (stampede counts)
 */
const definition = USER_SERVICE.definition;
const peers = PeersModule.forRoot({
  redisNodes: (process.env['REDIS_NODES'] ?? '127.0.0.1:7000').split(','),
  floorBodyFile: process.env['BENCH_FLOOR_BODY_FILE'],
});
const withPeers = { ...definition, features: [...definition.features, peers] };
const env = validateServiceEnv(process.env, withPeers);
runHttpApp(
  ServiceAppModule.forRoot(env, withPeers),
  {
    title: 'fleetcache bench peers',
    description: 'Benchmark-only: user-service plus the floor and the peer caches.',
  },
  env,
  ENTITY_SERVICE_EDGE,
).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
