import type { EVENT_ACTIONS } from '../events.constants';

/**
 * The name of an entity type that publishes change events (a registered EntityTypeDefinition's name; the envelope
 * only checks its form, each consumer applies the types it registered).
 */
export type EventEntity = string;

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

/** A page of a service's event stream, as its replay feed (`GET /internal/events`) answers it. */
export interface ReplayPage {
  /** Events after the requested position, in order. */
  events: PositionedEvent[];
  /**
   * Where the next read may safely resume. It stops before the first row younger than the settle window, because a
   * slower transaction may still commit a row with a smaller id; those rows are returned again next time.
   */
  next: number;
  /** The highest position written so far. */
  head: number;
}
