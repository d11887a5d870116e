import { LOCAL_STACK_REDIS } from '@fleetcache/cache/testing';
import { createChangeEvent } from '../src/envelope/change-event.codec';
import type { ChangeEvent } from '../src/envelope/change-event';
import { RedisEventPublisher } from '../src/transport/redis-event.publisher';
import { RedisEventServer } from '../src/transport/redis-event.server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['cluster', 'single'] as const)('Redis sharded pub/sub transport (%s)', (mode) => {
  const prefix = `tt${process.pid}${mode}`;
  const transport = { redis: { mode, nodes: LOCAL_STACK_REDIS[mode] }, prefix, partitions: 8 };
  let server: RedisEventServer;
  let client: RedisEventPublisher;
  const received: ChangeEvent[] = [];
  const invalid: string[] = [];

  beforeAll(async () => {
    server = new RedisEventServer(
      { ...transport, entities: ['user', 'product'] },
      { invalid: (channel) => invalid.push(channel) },
    );
    for (const type of ['user.updated', 'product.deleted'])
      server.addHandler(type, async (event: ChangeEvent) => void received.push(event), true);
    server.listen(() => undefined);
    client = new RedisEventPublisher(transport);
    await sleep(500); // subscriptions settle
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('delivers events of every partition to the handler of their type, in order per entity', async () => {
    const sent = [];
    for (let version = 1; version <= 3; version++) {
      for (let id = 1; id <= 16; id++)
        sent.push(
          createChangeEvent({
            entity: 'user',
            action: 'updated',
            entityId: id,
            version,
            source: 't',
            data: { id },
          }),
        );
    }
    sent.push(
      createChangeEvent({ entity: 'product', action: 'deleted', entityId: 5, version: 2, source: 't' }),
    );
    await Promise.all(sent.map((event) => client.publish(event)));
    for (let i = 0; i < 100 && received.length < sent.length; i++) await sleep(20);
    expect(received).toHaveLength(sent.length);
    for (let id = 1; id <= 16; id++) {
      expect(received.filter((e) => e.entity === 'user' && e.entityId === id).map((e) => e.version)).toEqual([
        1, 2, 3,
      ]);
    }
    expect(received.find((e) => e.type === 'product.deleted')).toMatchObject({ entityId: 5, version: 2 });
    expect(server.channels()).toHaveLength(16);
  });

  it('reports an invalid message and an event of a type it has no handler for, and keeps delivering', async () => {
    const redis = await client.connect();
    await redis.spublish(`${prefix}:events:{user:p3}`, 'not an event');
    const foreign = createChangeEvent({
      entity: 'order',
      action: 'deleted',
      entityId: 3,
      version: 2,
      source: 't',
    });
    await redis.spublish(`${prefix}:events:{user:p3}`, JSON.stringify(foreign));
    const event = createChangeEvent({
      entity: 'user',
      action: 'updated',
      entityId: 3,
      version: 9,
      source: 't',
      data: { id: 3 },
    });
    await client.publish(event);
    for (let i = 0; i < 50 && !received.some((e) => e.id === event.id); i++) await sleep(20);
    expect(invalid).toEqual([`${prefix}:events:{user:p3}`, `${prefix}:events:{user:p3}`]);
    expect(received.some((e) => e.id === event.id)).toBe(true);
    expect(received.some((e) => e.id === foreign.id)).toBe(false);
  });
});
