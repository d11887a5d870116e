import { randomUUID } from 'node:crypto';
import { AppError, ENTITY_TYPE_NAME, MAX_INT_ID } from '@fleetcache/core';
import { EVENT_ACTIONS, EVENT_SPEC_VERSION } from '../events.constants';
import type { ChangeEvent, EventAction, EventEntity } from './change-event';

/** A message that is not a valid change event. */
export class InvalidEventError extends AppError {
  readonly code = 'INVALID_EVENT';
  readonly kind = 'invalid_input' as const;
}

/** Builds a change event for a committed change. */
export function createChangeEvent(input: {
  entity: EventEntity;
  action: EventAction;
  entityId: number;
  version: number;
  source: string;
  data?: Record<string, unknown>;
}): ChangeEvent {
  const { entity, action, entityId, version, source, data } = input;
  const event: ChangeEvent = {
    specVersion: EVENT_SPEC_VERSION,
    id: randomUUID(),
    type: `${entity}.${action}`,
    entity,
    entityId,
    version,
    occurredAt: new Date().toISOString(),
    source,
  };
  if (action !== 'deleted') event.data = data;
  return event;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Highest version a row can have: `version` is a MySQL INT like `id`. A deletion's version is the last one + 1
 * (its tombstone outranks the row), so a deleted event may carry one more.
 */
export const MAX_EVENT_VERSION = MAX_INT_ID;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const intIn = (value: unknown, max: number): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= max;

/** Parses and validates a raw message; throws {@link InvalidEventError} saying what is wrong. */
export function parseChangeEvent(raw: string): ChangeEvent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidEventError('event is not valid JSON');
  }
  return validateChangeEvent(value);
}

/**
 * Checks that a decoded value is a change event this fleet could have written, before anything applies it (over
 * pub/sub or from a replay feed); throws {@link InvalidEventError} listing every problem. Besides the envelope's
 * shape: `entityId` is an id (1..2^31-1), `version` a version (a created event's is 1, a deleted one's at most
 * 2^31), and the snapshot of a created/updated event is of that entity at that version (`data.id` equals
 * `entityId`, `data.version`, if present, equals `version`); a deleted event has no snapshot.
 */
export function validateChangeEvent(value: unknown): ChangeEvent {
  if (!isObject(value))
    throw new InvalidEventError('invalid event: not an object', { problems: ['not an object'] });
  const action = actionOf(value);
  const problems = [
    ...envelopeProblems(value, action),
    ...idProblems(value, action),
    ...dataProblems(value, action),
  ];
  if (problems.length > 0) throw new InvalidEventError(`invalid event: ${problems.join('; ')}`, { problems });
  return value as unknown as ChangeEvent;
}

/** The action of a well-formed `type`, or undefined. */
function actionOf(e: Record<string, unknown>): EventAction | undefined {
  const action = typeof e['type'] === 'string' ? e['type'].slice(String(e['entity']).length + 1) : '';
  return e['type'] === `${String(e['entity'])}.${action}` && EVENT_ACTIONS.includes(action as EventAction)
    ? (action as EventAction)
    : undefined;
}

function envelopeProblems(e: Record<string, unknown>, action: EventAction | undefined): string[] {
  const problems: string[] = [];
  if (e['specVersion'] !== EVENT_SPEC_VERSION) problems.push(`specVersion must be ${EVENT_SPEC_VERSION}`);
  if (typeof e['id'] !== 'string' || !UUID.test(e['id'])) problems.push('id must be a UUID');
  if (typeof e['entity'] !== 'string' || !ENTITY_TYPE_NAME.test(e['entity']))
    problems.push(`entity must be an entity type name (${ENTITY_TYPE_NAME})`);
  if (!action) problems.push('type must be <entity>.<created|updated|deleted>');
  if (typeof e['occurredAt'] !== 'string' || Number.isNaN(Date.parse(e['occurredAt'])))
    problems.push('occurredAt must be an ISO date');
  if (typeof e['source'] !== 'string' || e['source'] === '')
    problems.push('source must be a non-empty string');
  return problems;
}

function idProblems(e: Record<string, unknown>, action: EventAction | undefined): string[] {
  const problems: string[] = [];
  if (!intIn(e['entityId'], MAX_INT_ID)) problems.push(`entityId must be an integer from 1 to ${MAX_INT_ID}`);
  const maxVersion = action === 'deleted' ? MAX_EVENT_VERSION + 1 : MAX_EVENT_VERSION;
  if (!intIn(e['version'], maxVersion)) problems.push(`version must be an integer from 1 to ${maxVersion}`);
  else if (action === 'created' && e['version'] !== 1) problems.push('version of a created event must be 1');
  return problems;
}

function dataProblems(e: Record<string, unknown>, action: EventAction | undefined): string[] {
  if (action === 'deleted') return e['data'] === undefined ? [] : ['data must be absent for deleted'];
  if (action === undefined) return [];
  const data = e['data'];
  if (!isObject(data)) return [`data must be an object for ${action}`];
  const problems: string[] = [];
  if (data['id'] !== e['entityId']) problems.push('data.id must equal entityId');
  if (data['version'] !== undefined && data['version'] !== e['version'])
    problems.push('data.version must equal version');
  return problems;
}
