import { Inject, Injectable } from '@nestjs/common';
import { INTERNAL_TOKEN_HEADER, type ReplayPage } from '@fleetcache/events';
import { SERVICE_ENV } from '@fleetcache/platform';
import type { WarmerServiceEnv } from '../warmer.env';
import type { EventSource } from './event-sources';

const TIMEOUT_MS = 5000;

/** HTTP client of the services: the internal replay feed and the public batch read used for warm-up. */
@Injectable()
export class SourceClient {
  private readonly token: string;
  private readonly readHeaders: Record<string, string>;

  constructor(@Inject(SERVICE_ENV) env: WarmerServiceEnv) {
    this.token = env.INTERNAL_TOKEN;
    this.readHeaders = env.WARMER_API_KEY ? { authorization: `Bearer ${env.WARMER_API_KEY}` } : {};
  }

  /** One page of `source`'s outbox after `after`. */
  async page(source: EventSource, after: number, limit: number): Promise<ReplayPage> {
    const url = `${source.internalUrl}/internal/events?after=${after}&limit=${limit}`;
    return parseReplayPage(await this.getJson(url, { [INTERNAL_TOKEN_HEADER]: this.token }), after);
  }

  /**
   * Reads `ids` through the batch endpoint of the collection at `path` (which loads misses with one query and
   * fills the cache).
   */
  async readBatch(source: EventSource, path: string, ids: number[]): Promise<void> {
    await this.getJson(`${source.url}${path}?ids=${ids.join(',')}`, this.readHeaders);
  }

  private async getJson(url: string, headers: Record<string, string>): Promise<unknown> {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`GET ${url.split('?')[0]} answered ${response.status}`);
    return response.json();
  }
}

/**
 * The replay page in `body`, checked: `next` and `head` are positions, `events` a list. Entries that are not
 * `{ position, event: object }` are left out (the applier validates each event itself); a body of another shape
 * is an error, retried at the next round.
 */
export function parseReplayPage(body: unknown, after: number): ReplayPage {
  const page = body as Partial<ReplayPage> | null;
  const isPosition = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!page || !Array.isArray(page.events) || !isPosition(page.next) || !isPosition(page.head))
    throw new Error(`malformed replay page after ${after}: ${JSON.stringify(body).slice(0, 120)}`);
  const events = page.events.filter(
    (entry) => isPosition(entry?.position) && typeof entry.event === 'object' && entry.event !== null,
  );
  return { events, next: page.next, head: page.head };
}
