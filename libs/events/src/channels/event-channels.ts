import type { EventEntity } from '../envelope/change-event';

/**
 * Channel of one partition of an entity's events: `fc:events:{user:p7}`. The hash tag puts each partition in its
 * own slot, so sharded pub/sub spreads event traffic over the shards (docs/architecture.md, Change events).
 */
export function eventChannel(prefix: string, entity: EventEntity, partition: number): string {
  return `${prefix}:events:{${entity}:p${partition}}`;
}

/** Partition of an entity id: id mod P. */
export function partitionOf(entityId: number, partitions: number): number {
  return entityId % partitions;
}

/** Every channel of an entity type. */
export function entityChannels(prefix: string, entity: EventEntity, partitions: number): string[] {
  return Array.from({ length: partitions }, (_, p) => eventChannel(prefix, entity, p));
}
