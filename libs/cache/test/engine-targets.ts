import { connect } from 'node:net';
import type { TestingModule } from '@nestjs/testing';
import {
  CACHE_ENGINE,
  REDIS_CLIENT,
  type CacheEngine,
  type CacheModuleOptions,
  type RedisClient,
} from '../src/index';
import { testCacheOptions, type TestEngine } from '../src/testing';

/** What the contract suite needs to know of one engine beyond the {@link CacheEngine} interface. */
export interface EngineTarget {
  name: TestEngine;
  options(overrides?: Partial<CacheModuleOptions>): CacheModuleOptions;
  /** How precisely the engine keeps a TTL, ms (Memcached counts whole seconds). */
  ttlResolutionMs: number;
  /** Whether one socket write is a batch read (the engine's read command for a list of keys). */
  isBatchRead(data: unknown): boolean;
  /** Stores bytes under `key` as a foreign writer would (another shape, a previous release's value). */
  putRaw(moduleRef: TestingModule, key: string, value: string): Promise<void>;
}

const redisTarget = (name: 'cluster' | 'single'): EngineTarget => ({
  name,
  options: (overrides) => testCacheOptions(name, overrides),
  ttlResolutionMs: 1,
  isBatchRead: (data) => String(data).startsWith('*2\r\n$3\r\nGET\r\n'),
  putRaw: async (moduleRef, key, value) => {
    await moduleRef.get<RedisClient>(REDIS_CLIENT).hset(key, 'v', value); // a hash: another type than the entity's
  },
});

const memcachedTarget: EngineTarget = {
  name: 'memcached',
  options: (overrides) => testCacheOptions('memcached', overrides),
  ttlResolutionMs: 1000,
  isBatchRead: (data) => /^(mg \S+ v O\w+\r\n)+$/.test(String(data)),
  putRaw: async (moduleRef, key, value) => {
    const node = moduleRef.get<CacheEngine>(CACHE_ENGINE).guard.nodeOf(key);
    await rawMemcached(node, `ms ${key} ${Buffer.byteLength(value)} T60\r\n${value}\r\n`);
  },
};

/** The engines of the local stack. */
export const ENGINE_TARGETS: Record<TestEngine, EngineTarget> = {
  cluster: redisTarget('cluster'),
  single: redisTarget('single'),
  memcached: memcachedTarget,
};

/** Sends one raw command to a Memcached node and resolves with its reply line. */
export function rawMemcached(node: string, command: string): Promise<string> {
  const [host, port] = node.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host, () => socket.write(command));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        socket.destroy();
        resolve(reply.trim());
      }
    });
    socket.on('error', reject);
  });
}
