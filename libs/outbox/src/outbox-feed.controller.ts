import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InvalidInputError } from '@fleetcache/core';
import { InternalTokenGuard, type ReplayPage } from '@fleetcache/events';
import { OutboxFeed } from './outbox.feed';

const MAX_PAGE = 1000;

function parseBounded(
  raw: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InvalidInputError(
      `${name} must be an integer from ${min} to ${max}, got "${raw.slice(0, 40)}"`,
    );
  }
  return Number(raw);
}

/** Internal replay feed of this service's change events; needs the internal token, not in the public API docs. */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal/events')
export class OutboxFeedController {
  constructor(private readonly feed: OutboxFeed) {}

  /** `GET /internal/events?after=<position>&limit=<n>`. */
  @Get()
  read(@Query('after') after?: string, @Query('limit') limit?: string): Promise<ReplayPage> {
    return this.feed.read(
      parseBounded(after, 'after', 0, 0, Number.MAX_SAFE_INTEGER),
      parseBounded(limit, 'limit', 500, 1, MAX_PAGE),
    );
  }
}
