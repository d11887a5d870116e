import { randomUUID } from 'node:crypto';
import { AppError } from '@fleetcache/core';
import { EVENT_ACTIONS, EVENT_ENTITIES, EVENT_SPEC_VERSION } from '../events.constants';
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
const positiveInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Parses and validates a raw message; throws {@link InvalidEventError} saying what is wrong. */
export function parseChangeEvent(raw: string): ChangeEvent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidEventError('event is not valid JSON');
  }
  const problems = validateEnvelope(value);
  if (problems.length > 0) throw new InvalidEventError(`invalid event: ${problems.join('; ')}`, { problems });
  return value as ChangeEvent;
}

function validateEnvelope(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not an object'];
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (e['specVersion'] !== EVENT_SPEC_VERSION) problems.push(`specVersion must be ${EVENT_SPEC_VERSION}`);
  if (typeof e['id'] !== 'string' || !UUID.test(e['id'])) problems.push('id must be a UUID');
  if (!EVENT_ENTITIES.includes(e['entity'] as EventEntity))
    problems.push(`entity must be one of ${EVENT_ENTITIES.join(', ')}`);
  const action = typeof e['type'] === 'string' ? e['type'].slice(String(e['entity']).length + 1) : '';
  if (e['type'] !== `${String(e['entity'])}.${action}` || !EVENT_ACTIONS.includes(action as EventAction))
    problems.push('type must be <entity>.<created|updated|deleted>');
  if (!positiveInt(e['entityId'])) problems.push('entityId must be a positive integer');
  if (!positiveInt(e['version'])) problems.push('version must be a positive integer');
  if (typeof e['occurredAt'] !== 'string' || Number.isNaN(Date.parse(e['occurredAt'])))
    problems.push('occurredAt must be an ISO date');
  if (typeof e['source'] !== 'string' || e['source'] === '')
    problems.push('source must be a non-empty string');
  const needsData = action === 'created' || action === 'updated';
  if (needsData && (typeof e['data'] !== 'object' || e['data'] === null || Array.isArray(e['data'])))
    problems.push(`data must be an object for ${action}`);
  return problems;
}
