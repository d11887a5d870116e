import type { RedisClient } from '../../connection/redis-client.factory';
import { pipelinePerNode, type BatchCommand } from '../../batch/pipeline-per-node';
import type { DirectReader } from '../../direct/direct-reader';
import type { RedisGuard } from '../../guard/redis-guard';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import type { CacheEngine, FencedReply, FillPoll, LeaseAttempt, StoredWrite } from '../cache-engine';

/**
 * The Redis engine (Redis Cluster or one server): reads through the {@link DirectReader}'s raw per-master
 * connections, writes and leases as Lua scripts in the entity's slot (FENCED_SET_LUA, LEASE_*_LUA), so each is one
 * atomic round trip. Batches send one pipeline per master.
 */
export class RedisEngine implements CacheEngine {
  readonly name = 'redis' as const;

  constructor(
    private readonly redis: RedisClient,
    private readonly reader: DirectReader,
    readonly guard: RedisGuard,
    private readonly metrics: CacheMetrics,
  ) {}

  read(key: string): Promise<Buffer | null> {
    return this.reader.get(key);
  }

  async readMany(keys: readonly string[]): Promise<(Buffer | null | undefined)[]> {
    const values = await this.guard.run('mget', () => this.reader.getMany(keys), null);
    return values ?? keys.map(() => undefined);
  }

  async fencedWrite(write: StoredWrite): Promise<FencedReply> {
    return (await this.redis.fcFencedSet(...fencedSetArgs(write))) === 1 ? 1 : 0;
  }

  async fencedWriteMany(writes: readonly StoredWrite[]): Promise<(FencedReply | undefined)[]> {
    const commands = writes.map((write): BatchCommand => ['fcFencedSet', ...fencedSetArgs(write)]);
    const keys = writes.map((write) => write.key);
    const replies = await pipelinePerNode(this.redis, this.guard, this.metrics, 'mset', keys, commands);
    return replies.map((reply) => (reply === undefined ? undefined : reply === 1 ? 1 : 0));
  }

  async acquireLease(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt> {
    const reply = await this.redis.fcLeaseAcquireBuffer(key, leaseKey, token, ttlMs);
    if (reply === 1) return 'won';
    return typeof reply === 'number' ? 'held' : { value: reply };
  }

  async takeLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(leaseKey, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renewLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.fcLeaseRenew(leaseKey, token, ttlMs)) === 1;
  }

  async releaseLease(leaseKey: string, token: string): Promise<boolean> {
    return (await this.redis.fcLeaseRelease(leaseKey, token)) === 1;
  }

  async pollFill(key: string, leaseKey: string): Promise<FillPoll> {
    // Same slot (one hash tag): one pipeline.
    const replies = await this.redis.pipeline().getBuffer(key).exists(leaseKey).exec();
    const [valueReply, leaseReply] = replies ?? [];
    if (valueReply?.[0] || leaseReply?.[0]) throw valueReply?.[0] ?? leaseReply?.[0];
    return { value: (valueReply?.[1] as Buffer | null) ?? null, leaseHeld: leaseReply?.[1] !== 0 };
  }

  remainingTtlMs(key: string): Promise<number> {
    return this.redis.pttl(key);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}

/** The arguments of FENCED_SET_LUA for `write`. */
function fencedSetArgs(write: StoredWrite): [string, string, number, string, number, number] {
  return [write.key, write.previousKey, write.version, write.data, write.ttlMs, write.staleAt];
}
