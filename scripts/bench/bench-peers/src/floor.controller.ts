import { Controller, Get, Inject, Param, Res, type OnModuleInit } from '@nestjs/common';
import { EntityIdPipe } from '@fleetcache/platform';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { PEERS_OPTIONS, type PeersOptions } from './peers.options';
import { UserLoader } from './user-loader';

/** The floor: the same service answering a constant body of the same size, with no cache and no database. */
@Controller('floor/users')
export class FloorController implements OnModuleInit {
  private body = '';

  constructor(
    @Inject(PEERS_OPTIONS) private readonly options: PeersOptions,
    private readonly loader: UserLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    this.body = this.options.floorBodyFile
      ? readFileSync(this.options.floorBodyFile, 'utf8')
      : JSON.stringify({ source: 'cache', data: await this.loader.load(1), response_time_ms: 0 });
  }

  @Get(':id')
  getOne(@Param('id', EntityIdPipe) _id: number, @Res({ passthrough: true }) reply: FastifyReply): string {
    // The same headers a fleetcache hit sends, so the floor differs from a hit only by the cache lookup.
    reply.header('X-Cache-Status', 'HIT').header('ETag', '"v1"').type('application/json');
    return this.body;
  }
}
