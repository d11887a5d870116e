import { closeRedisClient, createRedisClient } from '@fleetcache/cache';
import { createChangeEvent, eventChannel, partitionOf } from '@fleetcache/events';
import { metric, TEST_INTERNAL_TOKEN, type RunningService } from '@fleetcache/platform/testing';
import { ChatClient, FakeEntityService, startAssistant } from './assistant-support';

describe('assistant-service over HTTP, on the local Redis Cluster', () => {
  const products = new FakeEntityService();
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    const url = await products.start();
    products.records.set('42', { id: 42, name: 'Blue widget', price: 9.5 });
    a = await startAssistant({ SEMANTIC_CACHE_ENTITY_SOURCES: `product=${url}` });
    // The same deployment: the same key prefix and event channels, so B shares A's cache and sessions.
    b = await startAssistant({
      ...pick(a.env, 'CACHE_KEY_PREFIX', 'EVENTS_CHANNEL_PREFIX'),
      SEMANTIC_CACHE_ENTITY_SOURCES: `product=${url}`,
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await products.close();
  });

  async function chat(instance: RunningService, user = 'alice', extra: Record<string, unknown> = {}) {
    const client = new ChatClient(instance.url);
    const created = await client.send('POST', '/sessions', { user, tenant: 'acme', ...extra });
    expect(created.status).toBe(201);
    return { client, id: created.body.id as string, created };
  }

  it('answers a miss from the model, a repeat exactly and a rewording semantically, from another instance too', async () => {
    const { client, id, created } = await chat(a);
    expect(created.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(created.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    const miss = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'How do I reset my password?',
    });
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-cache-status')).toBe('MISS');
    expect(miss.body).toMatchObject({
      source: 'model',
      similarity: null,
      cache: { match: 'miss', scope: 'shared' },
    });
    expect(miss.body.answer).toContain('[stand-in model]');
    const onB = client.on(b.url);
    const exact = await onB.send('POST', `/sessions/${id}/messages`, {
      content: 'how do I reset my password',
    });
    expect(exact.headers.get('x-cache-status')).toBe('HIT');
    expect(exact.body).toMatchObject({
      source: 'cache',
      similarity: 1,
      matchedPrompt: 'How do I reset my password?',
    });
    expect(exact.body.response_time_ms).toBeLessThan(miss.body.response_time_ms);
    const other = await chat(b, 'bob');
    const reworded = await other.client.send('POST', `/sessions/${other.id}/messages`, {
      content: 'How can I reset my password, please?',
    });
    expect(reworded.body).toMatchObject({
      source: 'cache',
      cache: { match: 'semantic' },
      answer: miss.body.answer,
    });
    expect(await metric(a.internalUrl, 'fleetcache_semantic_model_calls_total')).toBeGreaterThanOrEqual(1);
  });

  it('never answers another order number, and keeps conversation-dependent prompts in their chat', async () => {
    const { client, id } = await chat(a);
    await client.send('POST', `/sessions/${id}/messages`, { content: 'Please refund order 1234' });
    const near = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'Please refund order 1243',
    });
    expect(near.body.source).toBe('model');
    const dependent = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'and why did that take so long?',
    });
    expect(dependent.body.cache.scope).toBe('session');
    const other = await chat(a, 'carol');
    await other.client.send('POST', `/sessions/${other.id}/messages`, {
      content: 'hello there, what can you do',
    });
    const elsewhere = await other.client.send('POST', `/sessions/${other.id}/messages`, {
      content: 'and why did that take so long?',
    });
    expect(elsewhere.body.source).toBe('model');
    const history = await client.send('GET', `/sessions/${id}/messages`);
    expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
  });

  it('drops answers about a product when the product changes (its change event)', async () => {
    const { client, id } = await chat(a);
    const first = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'Tell me about product 42',
    });
    expect(first.body.source).toBe('model');
    expect(
      (await client.send('POST', `/sessions/${id}/messages`, { content: 'tell me about product 42' })).body
        .source,
    ).toBe('cache');
    const history = await client.send('GET', `/sessions/${id}/messages`);
    expect(history.body.context.join(' ')).toContain('Blue widget');
    const publisher = createRedisClient({ mode: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }] });
    try {
      const event = createChangeEvent({
        entity: 'product',
        entityId: 42,
        action: 'updated',
        version: 2,
        source: 'product-service',
        data: { id: 42, version: 2 },
      });
      await publisher.spublish(
        eventChannel(a.env.EVENTS_CHANNEL_PREFIX, 'product', partitionOf(42, 8)),
        JSON.stringify(event),
      );
    } finally {
      await closeRedisClient(publisher, { drain: true });
    }
    let after = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'tell me about product 42',
    });
    for (let i = 0; i < 20 && after.body.source === 'cache'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await client.send('POST', `/sessions/${id}/messages`, { content: 'tell me about product 42' });
    }
    expect(after.body.source).toBe('model');
  });

  it('refuses bad input with a 400 that names the problem, and nothing is stored', async () => {
    const { client, id } = await chat(a);
    const cases: [unknown, RegExp][] = [
      [{ content: '' }, /content/],
      [{ content: '   ' }, /blank/],
      [{ content: 'x'.repeat(4001) }, /4000/],
      [{ content: 'hi', temperature: 5 }, /temperature/],
      [{ content: 'hi', extra: true }, /extra/],
      [{}, /content/],
    ];
    for (const [body, message] of cases) {
      const reply = await client.send('POST', `/sessions/${id}/messages`, body);
      expect(reply.status).toBe(400);
      expect(JSON.stringify(reply.body)).toMatch(message);
    }
    expect((await client.send('POST', `/sessions/${id}/messages`, undefined, '{"content": ')).status).toBe(
      400,
    );
    expect((await client.send('POST', '/sessions/not-a-uuid/messages', { content: 'hi' })).status).toBe(400);
    expect((await client.send('POST', '/sessions', { user: 'x y' })).status).toBe(400);
    expect(
      (await client.send('POST', '/sessions', { user: 'u', preferences: { a: { deep: 1 } } })).status,
    ).toBe(400);
    expect((await client.send('GET', `/sessions/${id}/messages`)).body.messages).toEqual([]);
  });

  it("requires the session cookie, hides other users' chats, and ends a chat on DELETE", async () => {
    const { client, id } = await chat(a);
    const stranger = new ChatClient(a.url);
    expect((await stranger.send('GET', `/sessions/${id}/messages`)).status).toBe(401);
    const mallory = await chat(a, 'mallory');
    expect((await mallory.client.send('GET', `/sessions/${id}/messages`)).status).toBe(404);
    expect((await client.send('DELETE', `/sessions/${id}`)).status).toBe(204);
    expect((await client.send('GET', `/sessions/${id}/messages`)).status).toBe(404);
  });

  it('revokes every session of a user and deletes single cache entries on the internal port, with the token', async () => {
    const { client, id } = await chat(a, 'dave');
    const asked = await client.send('POST', `/sessions/${id}/messages`, {
      content: 'What is the warranty on laptops?',
    });
    const entry = asked.body.cache.entry as string;
    const internal = (path: string, method: string, token?: string) =>
      fetch(`${a.internalUrl}${path}`, { method, headers: token ? { 'x-internal-token': token } : {} });
    expect((await internal(`/internal/cache/entries/${entry}`, 'DELETE')).status).toBe(401);
    expect((await internal(`/internal/cache/entries/${entry}`, 'DELETE', TEST_INTERNAL_TOKEN)).status).toBe(
      204,
    );
    expect(
      (await client.send('POST', `/sessions/${id}/messages`, { content: 'What is the warranty on laptops?' }))
        .body.source,
    ).toBe('model');
    const revoked = await internal('/internal/users/dave/sessions', 'DELETE', TEST_INTERNAL_TOKEN);
    expect(await revoked.json()).toMatchObject({ revoked: 1 });
    expect((await client.send('GET', `/sessions/${id}/messages`)).status).toBe(401);
    expect((await fetch(`${a.url}/internal/cache/stats`)).status).toBe(404);
  });
});

function pick(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}
