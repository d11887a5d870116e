import { CacheEnv } from '@fleetcache/cache';
import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { EventsEnv } from '@fleetcache/events';
import { OutboxEnv, outboxOptionsFromEnv } from './outbox.env';
import { OUTBOX_SCHEMA } from './outbox.schema';

const TOKEN = 'x'.repeat(16);

describe('the outbox configuration', () => {
  it('sends both internal tokens during a rotation and keeps the relay settings', () => {
    const env = validateEnv<CacheEnv & EventsEnv & OutboxEnv>(
      { INTERNAL_TOKEN: TOKEN, INTERNAL_TOKEN_PREVIOUS: 'y'.repeat(16), OUTBOX_POLL_MS: '200' },
      CacheEnv,
      EventsEnv,
      OutboxEnv,
    );
    expect(outboxOptionsFromEnv(env, 'order-service')).toMatchObject({
      source: 'order-service',
      internalTokens: [TOKEN, 'y'.repeat(16)],
      pollIntervalMs: 200,
      retentionHours: 72,
    });
  });

  it('refuses a poll interval and a retention out of range', () => {
    expect(() => validateEnv({ OUTBOX_POLL_MS: '1', OUTBOX_RETENTION_HOURS: '0' }, OutboxEnv)).toThrow(
      ConfigValidationError,
    );
  });

  it('has its statements counted as `outbox`', () => {
    expect(OUTBOX_SCHEMA.statementKinds).toEqual({ event_outbox: 'outbox' });
  });
});
