import { CacheModule } from '@nestjs/cache-manager';
import {
  Controller,
  Get,
  Inject,
  Module,
  Query,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { BentoCache } from 'bentocache';
import { BentoController } from './bento.controller';
import { BENTO, bentoProvider } from './bento.provider';
import { CacheManagerController } from './cache-manager.controller';
import { FloorController } from './floor.controller';
import { PEERS_OPTIONS, type PeersOptions } from './peers.options';
import { UserLoader } from './user-loader';

/** GET /bench/loads[?id=N]: how many MySQL loads the peers made (in total, and of one id). */
@Controller('bench/loads')
class LoadsController {
  constructor(private readonly loader: UserLoader) {}

  @Get()
  counts(@Query('id') id?: string): ReturnType<UserLoader['counts']> {
    return this.loader.counts(id === undefined ? undefined : Number(id));
  }
}

/** Closes the peers' connections with the app. */
class PeersLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BENTO) private readonly bento: BentoCache<never>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bento.disconnect();
  }
}

/** The floor and the peer caches, for the benchmarks only. */
@Module({})
export class PeersModule {
  static forRoot(options: PeersOptions): DynamicModule {
    return {
      module: PeersModule,
      imports: [
        CacheModule.register({
          ttl: 3_600_000,
          stores: [
            new Keyv({
              store: new KeyvRedis({
                rootNodes: options.redisNodes.map((node) => ({ url: `redis://${node}` })),
              }),
            }),
          ],
        }),
      ],
      controllers: [FloorController, CacheManagerController, BentoController, LoadsController],
      providers: [{ provide: PEERS_OPTIONS, useValue: options }, UserLoader, bentoProvider, PeersLifecycle],
    };
  }
}
