import { AppError, withTimeout } from '@fleetcache/core';
import type { RedisClient } from '@fleetcache/cache';
import type { ChatMessage } from '../models/chat-model';
import { MemoryKeys } from './memory-keys';
import { defineMemoryScripts } from './memory-scripts';

/** Longest one memory call may take, ms. */
const MEMORY_TIMEOUT_MS = 2000;

/** A chat session: who owns it and what the assistant remembers of it. */
export interface ChatSession {
  id: string;
  user: string;
  tenant: string;
  preferences: Record<string, string>;
  createdAt: number;
}

/** A message as remembered, with when it was said. */
export interface RememberedMessage extends ChatMessage {
  at: number;
}

/** Everything remembered of a chat. */
export interface ChatMemory {
  chat: ChatSession;
  messages: RememberedMessage[];
  summary: string;
  context: string[];
}

/** How much is remembered and for how long. */
export interface MemorySettings {
  messages: number;
  summaryChars: number;
  ttlSeconds: number;
  keyPrefix?: string;
}

/** Conversation memory could not be read or written (Redis failing): 503, never an answer without its memory. */
export class MemoryUnavailableError extends AppError {
  readonly code = 'MEMORY_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
}

/**
 * The chat sessions' memory in the Redis Cluster: per chat its owner and preferences, the last N messages, a
 * running summary of older ones and retrieved context, all under one hash tag and each update one script (atomic),
 * with a sliding TTL. State, not cache: a Redis failure fails the request (503) instead of forgetting silently.
 */
export class ChatMemoryStore {
  private readonly keys: MemoryKeys;

  constructor(
    private readonly redis: RedisClient,
    private readonly settings: MemorySettings,
  ) {
    this.keys = new MemoryKeys(settings.keyPrefix);
    defineMemoryScripts(redis);
  }

  /** Creates a chat session. */
  async create(chat: ChatSession): Promise<void> {
    const meta = this.keys.meta(chat.id);
    await this.call(() =>
      this.redis
        .multi()
        .hset(meta, {
          user: chat.user,
          tenant: chat.tenant,
          preferences: JSON.stringify(chat.preferences),
          createdAt: String(chat.createdAt),
        })
        .pexpire(meta, this.ttlMs)
        .exec(),
    );
  }

  /** The chat's memory (its TTL restarts), or undefined when it does not exist or expired. */
  async read(chatId: string): Promise<ChatMemory | undefined> {
    const reply = await this.call(() => this.redis.fcChatRead(...this.keys.all(chatId), String(this.ttlMs)));
    if (reply.length === 0) return undefined;
    const [flat, messages, summary, context] = reply;
    const meta = Object.fromEntries(pairs(flat));
    return {
      chat: {
        id: chatId,
        user: meta['user'] ?? '',
        tenant: meta['tenant'] ?? '',
        preferences: parseObject(meta['preferences']),
        createdAt: Number(meta['createdAt'] ?? 0),
      },
      messages: messages.flatMap((raw) => parseMessage(raw)),
      summary,
      context,
    };
  }

  /** Remembers a question and its answer; false when the chat is gone. */
  async appendTurn(chatId: string, question: string, answer: string): Promise<boolean> {
    const at = Date.now();
    const turn = [
      JSON.stringify({ role: 'user', content: question, at }),
      JSON.stringify({ role: 'assistant', content: answer, at }),
    ];
    const args = [
      ...this.keys.all(chatId),
      ...turn,
      String(this.settings.messages),
      String(this.settings.summaryChars),
      String(this.ttlMs),
    ];
    return (await this.call(() => this.redis.fcChatAppendTurn(...args))) === 1;
  }

  /** Remembers retrieved context (kept: the newest 10 items). */
  async addContext(chatId: string, items: readonly string[]): Promise<void> {
    if (items.length === 0) return;
    await this.call(() =>
      this.redis.fcChatAddContext(...this.keys.all(chatId), ...items, '10', String(this.ttlMs)),
    );
  }

  /** Forgets a chat; true when it existed. */
  async delete(chatId: string): Promise<boolean> {
    const deleted = await this.call(() => this.redis.del(...this.keys.all(chatId)));
    return deleted > 0;
  }

  private get ttlMs(): number {
    return this.settings.ttlSeconds * 1000;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      // Bounded: while the cluster client reconnects, commands wait in its queue; memory fails closed, in time.
      return await withTimeout(work(), MEMORY_TIMEOUT_MS, 'conversation memory');
    } catch (error) {
      throw new MemoryUnavailableError(
        'Conversation memory is unavailable (Redis); try again shortly',
        {},
        { cause: error },
      );
    }
  }
}

function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function parseObject(raw: string | undefined): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(raw ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function parseMessage(raw: string): RememberedMessage[] {
  try {
    const parsed = JSON.parse(raw) as RememberedMessage;
    return typeof parsed.content === 'string' && (parsed.role === 'user' || parsed.role === 'assistant')
      ? [parsed]
      : [];
  } catch {
    return [];
  }
}
