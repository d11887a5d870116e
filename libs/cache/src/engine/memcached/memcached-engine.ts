import type { OnApplicationShutdown } from '@nestjs/common';
import { withTimeout } from '@fleetcache/core';
import type { CacheGuard } from '../../guard/cache-guard';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import type { CacheEngine, FencedReply, FillPoll, LeaseAttempt, StoredWrite } from '../cache-engine';
import type { MemcachedNodes } from './memcached-nodes';
import type { AutoDiscovery } from './auto-discovery';
import { memcachedExptime, memcachedKey } from './memcached-keys';
import { metaFlag, type MetaReply } from './meta-reply-parser';

/** How often a fenced write re-reads and tries again when another process's write changed the key in between (CAS). */
const MAX_CAS_ATTEMPTS = 10;

/** Another writer kept changing the key: the write is retried later (write repair). */
export class CasContentionError extends Error {
  override readonly name = 'CasContentionError';
}

/** The stored header `<version>:<staleAt>:` and data of an entity value, as the Lua script of the Redis engine reads it. */
interface StoredEntity {
  version: number;
  staleAt: string;
  data: string;
}

/**
 * The Memcached engine: entity values in the same `<version>:<staleAt>:<data>` format as on Redis, spread over the
 * nodes by a consistent hash ring, spoken to in the meta protocol. Memcached has no scripts, so each guarantee
 * uses its own tool:
 * - fenced write: read the value with its CAS token (`mg k v c`), compare versions here, then store only if
 *   nothing changed since (`ms k C<cas>`, or `ms k ME`, i.e. add, when there was nothing); a write that lost the
 *   race reads again. A newer version is never replaced, as on Redis.
 * - lease: `add` of the lease key (only one caller in the fleet gets HD), renewed and released with CAS so only
 *   its holder does; the value is read before and after taking it, so a fill that landed meanwhile is served.
 * - batch read: every `mg` of one node goes out in one socket write, one round trip per node.
 * - TTLs in whole seconds (rounded up), and as a Unix time above 30 days; keys over 250 bytes hashed.
 * A node lost is a miss for its keys (its circuit opens; the loader answers). Nothing is replicated: a node that
 * comes back empty is filled again by reads.
 */
export class MemcachedEngine implements CacheEngine, OnApplicationShutdown {
  readonly name = 'memcached' as const;
  /** The last fenced write of each key in flight in this process: writes of one key run one after the other. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly nodes: MemcachedNodes,
    readonly guard: CacheGuard,
    private readonly metrics: CacheMetrics,
    private readonly discovery?: AutoDiscovery,
  ) {}

  /** Learns the node list (auto discovery's first poll); with a static list there is nothing to wait for. */
  async start(): Promise<void> {
    await this.discovery?.start();
  }

  onApplicationShutdown(): void {
    this.discovery?.stop();
    this.guard.stop();
    this.nodes.close();
  }

  async read(key: string): Promise<Buffer | null> {
    return valueOf(await this.command(key, `mg ${memcachedKey(key)} v`));
  }

  async readMany(keys: readonly string[]): Promise<(Buffer | null | undefined)[]> {
    const out: (Buffer | null | undefined)[] = new Array(keys.length).fill(undefined);
    const groups = this.nodes.groupByNode(keys);
    this.metrics.pipelinesSent(groups.size);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const first = keys[indexes[0]];
        const read = async () =>
          (await Promise.all(indexes.map((i) => this.command(keys[i], `mg ${memcachedKey(keys[i])} v`)))).map(valueOf);
        const values = await this.guard.run('mget', read, null, first);
        values?.forEach((value, j) => (out[indexes[j]] = value));
      }),
    );
    return out;
  }

  /**
   * A fenced write. Writes of one key from this process run one after the other (a hot key written by many
   * requests at once would otherwise have them all read one CAS token and all but one lose, round after round);
   * across processes CAS decides, and a loser reads again.
   */
  fencedWrite(write: StoredWrite): Promise<FencedReply> {
    const before = this.writing.get(write.key);
    const settled = () => undefined;
    const mine = before ? before.then(settled, settled).then(() => this.fencedWriteNow(write)) : this.fencedWriteNow(write);
    this.writing.set(write.key, mine);
    const forget = () => {
      if (this.writing.get(write.key) === mine) this.writing.delete(write.key);
    };
    mine.then(forget, forget);
    return mine;
  }

  private async fencedWriteNow(write: StoredWrite): Promise<FencedReply> {
    if (write.previousKey !== write.key)
      void this.command(write.previousKey, `md ${memcachedKey(write.previousKey)}`).catch(() => undefined);
    const key = memcachedKey(write.key);
    const exptime = memcachedExptime(write.ttlMs);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const found = await this.command(write.key, `mg ${key} v c`);
      const stored = found.value ? parseStored(found.value) : undefined;
      const cas = metaFlag(found, 'c');
      const outcome = fence(stored, write);
      if (outcome.reply === 0 && outcome.renew === undefined) return 0;
      const value = outcome.renew ?? `${write.version}:${write.staleAt}:${write.data}`;
      const mode = found.value ? `C${cas}` : 'ME'; // compare-and-set what was read, or add when there was nothing
      const set = await this.command(write.key, `ms ${key} ${Buffer.byteLength(value)} T${exptime} ${mode}`, value);
      if (set.code === 'HD') return outcome.reply;
      if (outcome.reply === 0) return 0; // a renewal that lost a race: someone wrote, nothing to renew
    }
    throw new CasContentionError(`fenced write of ${write.key} lost ${MAX_CAS_ATTEMPTS} races in a row`);
  }

  async fencedWriteMany(writes: readonly StoredWrite[]): Promise<(FencedReply | undefined)[]> {
    const out: (FencedReply | undefined)[] = new Array(writes.length).fill(undefined);
    const groups = this.nodes.groupByNode(writes.map((write) => write.key));
    this.metrics.pipelinesSent(groups.size);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const write = () => Promise.all(indexes.map((i) => this.fencedWrite(writes[i])));
        const replies = await this.guard.run('mset', write, null, writes[indexes[0]].key);
        replies?.forEach((reply, j) => (out[indexes[j]] = reply));
      }),
    );
    return out;
  }

  async acquireLease(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt> {
    const before = valueOf(await this.command(key, `mg ${memcachedKey(key)} v`));
    if (before) return { value: before };
    if (!(await this.takeLease(leaseKey, token, ttlMs))) {
      const holder = valueOf(await this.command(leaseKey, `mg ${memcachedKey(leaseKey)} v`));
      return holder?.toString() === token ? 'won' : 'held'; // the same token: a retry after a reply that timed out
    }
    // Taken: a fill may have landed between the read and the add (its holder released just then). Serve it.
    const after = valueOf(await this.command(key, `mg ${memcachedKey(key)} v`));
    if (!after) return 'won';
    await this.releaseLease(leaseKey, token);
    return { value: after };
  }

  async takeLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    const line = `ms ${memcachedKey(leaseKey)} ${Buffer.byteLength(token)} T${memcachedExptime(ttlMs)} ME`;
    return (await this.command(leaseKey, line, token)).code === 'HD';
  }

  async renewLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    const cas = await this.holderCas(leaseKey, token);
    if (cas === undefined) return false;
    const line = `ms ${memcachedKey(leaseKey)} ${Buffer.byteLength(token)} T${memcachedExptime(ttlMs)} C${cas}`;
    return (await this.command(leaseKey, line, token)).code === 'HD';
  }

  async releaseLease(leaseKey: string, token: string): Promise<boolean> {
    const cas = await this.holderCas(leaseKey, token);
    if (cas === undefined) return false;
    return (await this.command(leaseKey, `md ${memcachedKey(leaseKey)} C${cas}`)).code === 'HD';
  }

  async pollFill(key: string, leaseKey: string): Promise<FillPoll> {
    // Same hash tag, same node: both go out in one socket write.
    const [value, lease] = await Promise.all([
      this.command(key, `mg ${memcachedKey(key)} v`),
      this.command(leaseKey, `mg ${memcachedKey(leaseKey)}`),
    ]);
    return { value: valueOf(value), leaseHeld: lease.code === 'HD' };
  }

  async remainingTtlMs(key: string): Promise<number> {
    const reply = await this.command(key, `mg ${memcachedKey(key)} t`);
    if (reply.code === 'EN') return -2;
    const seconds = Number(metaFlag(reply, 't'));
    return seconds < 0 ? -1 : seconds * 1000;
  }

  /** Asks every node for a no-op (`mn`): the node list, and which of them answered within `timeoutMs`. */
  async probe(timeoutMs: number): Promise<{ nodes: string[]; down: string[] }> {
    const nodes = this.nodes.addresses;
    const answered = await Promise.all(
      nodes.map((address) =>
        withTimeout(this.nodes.connectionTo(address).request('mn'), timeoutMs, `memcached ${address}`).then(
          (reply) => reply.code === 'MN',
          () => false,
        ),
      ),
    );
    return { nodes, down: nodes.filter((_, i) => !answered[i]) };
  }

  async delete(key: string): Promise<void> {
    await this.command(key, `md ${memcachedKey(key)}`);
  }

  /** The CAS token of the lease when `token` holds it, else undefined. */
  private async holderCas(leaseKey: string, token: string): Promise<string | undefined> {
    const reply = await this.command(leaseKey, `mg ${memcachedKey(leaseKey)} v c`);
    return reply.value?.toString() === token ? metaFlag(reply, 'c') : undefined;
  }

  /** Sends one command to the node serving `key` (its routing uses the key, not the wire form). */
  private command(key: string, line: string, data?: string): Promise<MetaReply> {
    try {
      return this.nodes.connectionFor(key).request(line, data);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** The value of a `mg … v` reply: its bytes on a hit (VA), null on a miss (EN). */
function valueOf(reply: MetaReply): Buffer | null {
  if (reply.code === 'VA') return reply.value ?? null;
  if (reply.code === 'EN') return null;
  throw new Error(`unexpected reply to mg: ${reply.code}`);
}

/** The header and data of a stored value; undefined when it is not in the entity format (it is then replaced). */
function parseStored(value: Buffer): StoredEntity | undefined {
  const text = value.toString('utf8');
  const a = text.indexOf(':');
  const b = a > 0 ? text.indexOf(':', a + 1) : -1;
  if (b < 0) return undefined;
  const version = Number(text.slice(0, a));
  if (!Number.isSafeInteger(version) || version < 0) return undefined;
  return { version, staleAt: text.slice(a + 1, b), data: text.slice(b + 1) };
}

/**
 * The fence, as FENCED_SET_LUA decides it on Redis: refuse (0) when the stored version is newer; when it is equal,
 * refuse but renew a value's lifetime and soft expiry (`renew`, the value to store again); else store (1).
 */
function fence(stored: StoredEntity | undefined, write: StoredWrite): { reply: FencedReply; renew?: string } {
  if (!stored || stored.version < write.version) return { reply: 1 };
  if (stored.version > write.version || write.data === '' || stored.data === '') return { reply: 0 };
  const staleAt = write.staleAt === 0 ? stored.staleAt : String(write.staleAt);
  return { reply: 0, renew: `${stored.version}:${staleAt}:${stored.data}` };
}
