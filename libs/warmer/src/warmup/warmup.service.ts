import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Rankings } from '@fleetcache/cache';
import type { EntityTypeDefinition } from '@fleetcache/core';
import { readsRanking } from '@fleetcache/events';
import { SERVICE_ENV } from '@fleetcache/platform';
import { WARMED_ENTITY_TYPES } from '../apply/warmed-entity-types';
import { EVENT_SOURCES, type EventSource } from '../replay/event-sources';
import { SourceClient } from '../replay/source-client';
import type { WarmerServiceEnv } from '../warmer.env';
import { WarmerMetrics } from '../warmer.metrics';

const BATCH = 100;

/**
 * Hot-key warm-up at start (the reference warms the 1,000 most popular users at boot): the services sample their
 * reads into sharded rankings; the warmer reads the top N of each entity type and has the services load them with
 * batch reads (misses filled by one query per 100 ids).
 */
@Injectable()
export class WarmupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WarmupService.name);

  constructor(
    @Inject(WARMED_ENTITY_TYPES) private readonly types: readonly EntityTypeDefinition[],
    @Inject(EVENT_SOURCES) private readonly sources: EventSource[],
    @Inject(SERVICE_ENV) private readonly env: WarmerServiceEnv,
    private readonly rankings: Rankings,
    private readonly client: SourceClient,
    private readonly metrics: WarmerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.WARMER_WARMUP_ON_START && this.env.WARMER_WARMUP_TOP_N > 0) void this.warmAll();
  }

  private async warmAll(): Promise<void> {
    await Promise.all(this.types.map((type) => this.warm(type)));
  }

  private async warm(type: EntityTypeDefinition): Promise<void> {
    const started = Date.now();
    const source = this.sources.find((s) => s.name === type.service.name)!;
    try {
      const top = await this.rankings.top(readsRanking(type.name), this.env.WARMER_WARMUP_TOP_N);
      const ids = top.map((r) => r.id);
      for (let i = 0; i < ids.length; i += BATCH)
        await this.client.readBatch(source, type.service.path, ids.slice(i, i + BATCH));
      this.metrics.warmedKeys(type.name, ids.length);
      this.logger.log({
        msg: 'warmed hot keys',
        entity: type.name,
        keys: ids.length,
        ms: Date.now() - started,
      });
    } catch (error) {
      this.logger.warn({
        msg: 'hot-key warm-up failed (the cache fills on demand)',
        entity: type.name,
        err: String(error),
      });
    }
  }
}
