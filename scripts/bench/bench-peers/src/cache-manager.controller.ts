import { CacheInterceptor } from '@nestjs/cache-manager';
import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { EntityIdPipe } from '@fleetcache/platform';
import type { UserView } from '@fleetcache/user-data-access';
import { UserLoader } from './user-loader';

/** The ecosystem's default: `@nestjs/cache-manager`'s CacheInterceptor (keyed by URL) over `@keyv/redis`. */
@Controller('cm/users')
@UseInterceptors(CacheInterceptor)
export class CacheManagerController {
  constructor(private readonly loader: UserLoader) {}

  @Get(':id')
  async getOne(
    @Param('id', EntityIdPipe) id: number,
  ): Promise<{ source: string; data: UserView; response_time_ms: number }> {
    return { source: 'database', data: await this.loader.load(id), response_time_ms: 0 };
  }
}
