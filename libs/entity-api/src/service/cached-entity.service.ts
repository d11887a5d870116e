import { InvalidInputError, type VersionCondition } from '@fleetcache/core';
import {
  DerivedCache,
  EntityCache,
  Rankings,
  type BatchResult,
  type CacheEntry,
  type LoadResult,
} from '@fleetcache/cache';
import type { VersionedRepository, VersionedRow } from '@fleetcache/db';
import { createChangeEvent, readsRanking, type EventAction } from '@fleetcache/events';
import type { Outbox } from '@fleetcache/outbox';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { EntityApiDefinition } from './entity-definition';

/** A read that found the entity. */
export type FoundResult = LoadResult & { entry: CacheEntry };

/**
 * An entity type through the cache: cache-aside reads with hot-key sampling, and writes that commit
 * the row and its change event (outbox) in one transaction, then write the new version through (or tombstone it),
 * drop the derived values its type declares, and wake the outbox relay.
 */
export class CachedEntityService<T extends VersionedRow, F extends ObjectLiteral, V extends object> {
  constructor(
    protected readonly definition: EntityApiDefinition<T, V>,
    protected readonly store: VersionedRepository<T, F>,
    protected readonly cache: EntityCache,
    protected readonly outbox: Outbox,
    protected readonly rankings: Rankings,
    protected readonly derived: DerivedCache,
  ) {}

  /** The entity type's name: its cache key tag and event type prefix. */
  protected get entity(): string {
    return this.definition.type.name;
  }

  /** One entity from Redis or MySQL; throws the definition's not-found error. */
  async getById(id: number): Promise<FoundResult> {
    const result = await this.cache.getOrLoad(this.entity, id, async () => {
      const row = await this.store.findById(id); // bounded: a stalled database answers 503 in time
      return row ? this.toEntry(row) : null;
    });
    if (!result.entry) throw this.definition.notFound(id);
    // Only entities that exist are ranked: reads of random absent ids must not grow the ranking shards.
    this.rankings.record(readsRanking(this.entity), id, this.definition.readSampleRate);
    return result as FoundResult;
  }

  /** Many entities in request order (null where absent); all misses loaded with one query. */
  getMany(ids: readonly number[]): Promise<BatchResult> {
    return this.cache.getMany(this.entity, ids, async (missing) => {
      const rows = await this.store.findByIds(missing);
      return new Map(rows.map((row) => [row.id, this.toEntry(row)]));
    });
  }

  /** Creates an entity (version 1). */
  create(fields: F): Promise<V> {
    return this.write('created', (tx) => this.store.create(tx, fields));
  }

  /**
   * Updates an entity (version + 1); undefined fields are left alone, an update with no field is refused. With a
   * `condition` (If-Match) it only applies to a version the condition accepts.
   */
  update(id: number, changes: Partial<F>, condition?: VersionCondition): Promise<V> {
    const patch = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as Partial<F>;
    if (Object.keys(patch).length === 0) {
      throw new InvalidInputError(
        `Request body must contain at least one of: ${this.definition.fieldNames.join(', ')}`,
      );
    }
    return this.write('updated', (tx) => this.store.update(tx, id, patch, condition));
  }

  /** Deletes an entity (only at a version `condition` accepts, if given) and leaves a tombstone of the deletion version. */
  async remove(id: number, condition?: VersionCondition): Promise<void> {
    const { version, appended } = await this.store.transaction(async (tx) => {
      const deleted = await this.store.delete(tx, id, condition);
      return { version: deleted, appended: await this.outbox.append(tx, this.event('deleted', id, deleted)) };
    });
    this.outbox.committed(appended);
    await this.cache.tombstone(this.entity, id, version);
    await this.afterCommit(id);
  }

  /** Runs after every committed write: drops the derived values of the type (e.g. a list containing the entity). */
  protected async afterCommit(id: number): Promise<void> {
    for (const derived of this.definition.type.derived) await this.derived.invalidate(derived.name, id);
  }

  private async write(action: EventAction, change: (tx: EntityManager) => Promise<T>): Promise<V> {
    const { row, view, appended } = await this.store.transaction(async (tx) => {
      const changed = await change(tx);
      const changedView = this.definition.toView(changed);
      const event = this.event(action, changed.id, changed.version, changedView);
      return { row: changed, view: changedView, appended: await this.outbox.append(tx, event) };
    });
    this.outbox.committed(appended);
    await this.cache.set(this.entity, row.id, {
      version: row.version,
      json: JSON.stringify(view),
    });
    await this.afterCommit(row.id);
    return view;
  }

  private event(action: EventAction, entityId: number, version: number, view?: V) {
    const data = view as Record<string, unknown> | undefined;
    return createChangeEvent({
      entity: this.entity,
      action,
      entityId,
      version,
      source: this.outbox.source,
      data,
    });
  }

  private toEntry(row: T): CacheEntry {
    return { version: row.version, json: JSON.stringify(this.definition.toView(row)) };
  }
}
