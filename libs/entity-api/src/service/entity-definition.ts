import type { AppError, EntityTypeDefinition } from '@fleetcache/core';
import type { VersionedRow } from '@fleetcache/db';

/** What the generic cached-entity service needs to know about one entity type besides its registered definition. */
export interface EntityApiDefinition<T extends VersionedRow, V extends object> {
  /** The registered entity type: its name is the cache key tag and event type prefix; its derived values are dropped on writes. */
  type: EntityTypeDefinition;
  /** The API view of a row (also the cached JSON and the event snapshot); field order is the JSON's. */
  toView(row: T): V;
  /** The error for an absent id. */
  notFound(id: number): AppError;
  /** Fields a PATCH may set (named in the "empty update" error). */
  fieldNames: readonly string[];
  /** Share of reads recorded in the hot-key ranking `reads:<entity>` (1 = every read). */
  readSampleRate: number;
}
