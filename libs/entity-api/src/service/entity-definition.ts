import type { AppError } from '@fleetcache/core';
import type { VersionedRow } from '@fleetcache/db';
import type { EventEntity } from '@fleetcache/events';

/** What the generic cached-entity service needs to know about one entity type. */
export interface EntityDefinition<T extends VersionedRow, V extends object> {
  /** Entity type: cache key tag, TTL policy, event type prefix. */
  entity: EventEntity;
  /** The API view of a row (also the cached JSON and the event snapshot); field order is the JSON's. */
  toView(row: T): V;
  /** The error for an absent id. */
  notFound(id: number): AppError;
  /** Fields a PATCH may set (named in the "empty update" error). */
  fieldNames: readonly string[];
  /** Share of reads recorded in the hot-key ranking `reads:<entity>` (1 = every read). */
  readSampleRate: number;
}
