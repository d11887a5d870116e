import { Controller, Get, Inject, Param } from '@nestjs/common';
import { EntityIdPipe } from '@fleetcache/platform';
import type { UserView } from '@fleetcache/user-data-access';
import type { BentoCache } from 'bentocache';
import { BENTO } from './bento.provider';
import { UserLoader } from './user-loader';

type Read = { source: string; data: UserView; response_time_ms: number };

/** BentoCache `getOrSet`: Redis only (`l2`), and memory + Redis with a Redis bus (`tiered`). */
@Controller()
export class BentoController {
  constructor(
    @Inject(BENTO) private readonly bento: BentoCache<{ l2: never; tiered: never }>,
    private readonly loader: UserLoader,
  ) {}

  @Get('bento/users/:id')
  l2(@Param('id', EntityIdPipe) id: number): Promise<Read> {
    return this.read('l2', id);
  }

  @Get('bento-tiered/users/:id')
  tiered(@Param('id', EntityIdPipe) id: number): Promise<Read> {
    return this.read('tiered', id);
  }

  private async read(store: 'l2' | 'tiered', id: number): Promise<Read> {
    const data = await this.bento.use(store).getOrSet({
      key: `user:${id}`,
      ttl: '1h',
      factory: () => this.loader.load(id),
    });
    return { source: 'cache', data, response_time_ms: 0 };
  }
}
