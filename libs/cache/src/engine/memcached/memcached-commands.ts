import type { MemcachedNodes } from './memcached-nodes';
import { memcachedExptime, memcachedKey } from './memcached-keys';
import { metaFlag, type MetaReply } from './meta-reply-parser';

/** A value and its CAS token, as `mg k v c` read it; null value on a miss. */
export interface CasRead {
  value: Buffer | null;
  cas?: string;
}

/**
 * The meta commands the engine is made of, each sent to the node the ring places its key on (by the key the
 * caller knows; the wire form is {@link memcachedKey}'s). Rejects when the node cannot be asked.
 */
export class MemcachedCommands {
  constructor(private readonly nodes: MemcachedNodes) {}

  /** `mg k v`: the value, or null. */
  async get(key: string): Promise<Buffer | null> {
    return valueOf(await this.send(key, `mg ${memcachedKey(key)} v`));
  }

  /** `mg k v c`: the value with its CAS token. Throws when the node has CAS turned off (`-C`): nothing could be fenced. */
  async getWithCas(key: string): Promise<CasRead> {
    const reply = await this.send(key, `mg ${memcachedKey(key)} v c`);
    const value = valueOf(reply);
    const cas = metaFlag(reply, 'c');
    if (value && cas === '0')
      throw new Error('memcached runs with CAS disabled (-C): fenced writes and leases need it');
    return { value, cas };
  }

  /** `mg k`: whether the key exists. */
  async exists(key: string): Promise<boolean> {
    return (await this.send(key, `mg ${memcachedKey(key)}`)).code === 'HD';
  }

  /** `mg k t`: ms the key still lives; -2 when absent, -1 when it never expires. */
  async ttlMs(key: string): Promise<number> {
    const reply = await this.send(key, `mg ${memcachedKey(key)} t`);
    if (reply.code === 'EN') return -2;
    const seconds = Number(metaFlag(reply, 't'));
    return seconds < 0 ? -1 : seconds * 1000;
  }

  /** `ms`: stores `value` for `ttlMs`; with `cas`, only if the key still has it; with 'add', only if absent. True when stored. */
  async set(key: string, value: string, ttlMs: number, condition: { cas: string } | 'add'): Promise<boolean> {
    const mode = condition === 'add' ? 'ME' : `C${condition.cas}`;
    const line = `ms ${memcachedKey(key)} ${Buffer.byteLength(value)} T${memcachedExptime(ttlMs)} ${mode}`;
    return (await this.send(key, line, value)).code === 'HD';
  }

  /** `md`: deletes the key (with `cas`, only if it still has it). True when deleted. */
  async delete(key: string, cas?: string): Promise<boolean> {
    const line = cas === undefined ? `md ${memcachedKey(key)}` : `md ${memcachedKey(key)} C${cas}`;
    return (await this.send(key, line)).code === 'HD';
  }

  private send(key: string, line: string, data?: string): Promise<MetaReply> {
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
