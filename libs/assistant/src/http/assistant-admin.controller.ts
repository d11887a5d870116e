import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError, InvalidInputError } from '@fleetcache/core';
import { InternalTokenGuard } from '@fleetcache/events';
import type { SemanticCache } from '@fleetcache/semantic-cache';
import { SEMANTIC_CACHE, SESSION_STORE } from '../assistant.constants';
import type { RedisClusterSessionStore } from '../sessions';
import { InvalidateTagDto } from './assistant-dtos';

const ENTRY_REFERENCE = /^[\w-]{22}\.[\w-]{22}$/;
const USER = /^[\w.@+-]{1,128}$/;

/** Operator routes, on the internal port only, with the internal token: cache entries, tags, users' sessions. */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal')
export class AssistantAdminController {
  constructor(
    @Inject(SEMANTIC_CACHE) private readonly cache: SemanticCache,
    @Inject(SESSION_STORE) private readonly sessions: RedisClusterSessionStore,
  ) {}

  /** Drops one cached answer (its reference is in every answer's `cache.entry`). */
  @Delete('cache/entries/:entry')
  @HttpCode(204)
  async deleteEntry(@Param('entry') entry: string): Promise<void> {
    if (!ENTRY_REFERENCE.test(entry))
      throw new InvalidInputError('entry must be <partition>.<entry>, as cache.entry of an answer gives it');
    if (!(await this.cache.delete(entry))) throw new EntryNotFoundError(entry);
  }

  /** Drops every answer tagged `tag` (e.g. product:42). */
  @Post('cache/invalidations')
  @HttpCode(200)
  async invalidate(@Body() body: InvalidateTagDto): Promise<{ tag: string; deleted: number }> {
    return { tag: body.tag, deleted: await this.cache.invalidateTag(body.tag) };
  }

  /** The index of this instance. */
  @Get('cache/stats')
  stats(): { entries: number; bytes: number } {
    return this.cache.indexStats();
  }

  /** Signs a user out everywhere: every session of theirs is revoked. */
  @Delete('users/:user/sessions')
  @HttpCode(200)
  async revokeSessions(@Param('user') user: string): Promise<{ user: string; revoked: number }> {
    if (!USER.test(user))
      throw new InvalidInputError('user must be 1-128 characters: letters, digits, _ . @ + -');
    return { user, revoked: await this.sessions.revokeAllOf(user) };
  }
}

/** No cached answer has this reference (never stored, expired, evicted or deleted). */
class EntryNotFoundError extends AppError {
  readonly code = 'ENTRY_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(entry: string) {
    super(`No cached answer ${entry} (never stored, expired, evicted or deleted)`, { entry });
  }
}
