import { EVENT_ACTIONS, EVENT_ENTITIES } from '../events.constants';

/** An entity type that publishes change events. */
export type EventEntity = (typeof EVENT_ENTITIES)[number];

/** What happened to the entity. */
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** `user.updated`, `product.deleted`, … */
export type EventType = `${EventEntity}.${EventAction}`;

/**
 * A change event (docs/architecture.md, Change events). `version` is the entity version the change produced; consumers let it decide
 * (duplicates and reordering are harmless). `data` is the entity snapshot for created/updated, absent for deleted.
 */
export interface ChangeEvent<T = Record<string, unknown>> {
  specVersion: number;
  id: string;
  type: EventType;
  entity: EventEntity;
  entityId: number;
  version: number;
  occurredAt: string;
  /** The service that wrote it (its outbox stream). */
  source: string;
  data?: T;
}

/** A change event with its position in the source's outbox (what replay cursors count). */
export interface PositionedEvent {
  position: number;
  event: ChangeEvent;
}
