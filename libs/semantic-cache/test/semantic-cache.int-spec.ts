import { AnswerCoordinator } from '../src/lease/answer-coordinator';
import type { SemanticQuery } from '../src/semantic-query';
import { eventually, semanticTestOptions, startInstance, type TestInstance } from './semantic-support';

const ask = (prompt: string, over: Partial<SemanticQuery> = {}): SemanticQuery => ({
  prompt,
  scope: { tenant: 'acme' },
  model: 'stand-in:test',
  params: { temperature: 0, maxTokens: 256 },
  ...over,
});

describe('semantic cache on the Redis Cluster', () => {
  const options = semanticTestOptions();
  let a: TestInstance;
  let b: TestInstance;

  beforeAll(async () => {
    a = await startInstance(options);
    b = await startInstance(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  async function storeOn(
    instance: TestInstance,
    prompt: string,
    answer: string,
    over: Partial<SemanticQuery> = {},
  ) {
    const query = await instance.cache.prepare(ask(prompt, over));
    await instance.cache.store(query, answer, { promptTokens: 10, completionTokens: 20 });
    return query;
  }

  it('answers an exact repeat and a rewording, on another instance too (index changes travel over pub/sub)', async () => {
    await storeOn(a, 'How do I reset my password?', 'Use the reset link.');
    const exact = await b.cache.lookup(await b.cache.prepare(ask('how do I reset my password')));
    expect(exact).toMatchObject({ match: 'exact', similarity: 1 });
    await eventually(
      async () =>
        (await b.cache.lookup(await b.cache.prepare(ask('how can I reset my password please')))) !==
        undefined,
    );
    const reworded = await b.cache.lookup(await b.cache.prepare(ask('How can I reset my password please?')));
    expect(reworded).toMatchObject({ match: 'semantic' });
    expect(reworded?.entry.answer).toBe('Use the reset link.');
    expect(reworded?.entry.hits).toBeGreaterThanOrEqual(1);
  });

  it('never answers across numbers, tenants, models or parameters', async () => {
    await storeOn(a, 'refund order 1234', 'Order 1234 refunded.');
    expect(await a.cache.lookup(await a.cache.prepare(ask('refund order 1243')))).toBeUndefined();
    expect(
      await a.cache.lookup(await a.cache.prepare(ask('refund order 1234', { scope: { tenant: 'globex' } }))),
    ).toBeUndefined();
    expect(
      await a.cache.lookup(await a.cache.prepare(ask('refund order 1234', { model: 'other' }))),
    ).toBeUndefined();
    expect(
      await a.cache.lookup(
        await a.cache.prepare(ask('refund order 1234', { params: { temperature: 0.7, maxTokens: 256 } })),
      ),
    ).toBeUndefined();
    expect(await a.cache.lookup(await a.cache.prepare(ask('please refund order 1234')))).toMatchObject({
      match: 'semantic',
    });
  });

  it('evicts the least recently hit entry above the bound, and expires entries by TTL', async () => {
    const bounded = await startInstance(options, { maxEntries: 2, ttlSeconds: 1 });
    try {
      const scope = { tenant: 'bounded' };
      await storeOn(bounded, 'what is the warranty period', 'One year.', { scope });
      await storeOn(bounded, 'what are the opening hours', '9 to 5.', { scope });
      expect(
        await bounded.cache.lookup(
          await bounded.cache.prepare(ask('what is the warranty period', { scope })),
        ),
      ).toBeDefined();
      await storeOn(bounded, 'where is the nearest store', 'Main street.', { scope });
      expect(
        await bounded.cache.lookup(await bounded.cache.prepare(ask('what are the opening hours', { scope }))),
      ).toBeUndefined();
      expect(
        await bounded.cache.lookup(
          await bounded.cache.prepare(ask('what is the warranty period', { scope })),
        ),
      ).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(
        await bounded.cache.lookup(
          await bounded.cache.prepare(ask('what is the warranty period', { scope })),
        ),
      ).toBeUndefined();
    } finally {
      await bounded.close();
    }
  });

  it('deletes one entry and invalidates by tag on every instance', async () => {
    const kept = await storeOn(a, 'tell me about product 42', 'A fine widget.', { tags: ['product:42'] });
    const deleted = await storeOn(a, 'what does shipping cost', 'Five euros.');
    expect(await b.cache.invalidateTag('product:42')).toBe(1);
    expect(await a.cache.lookup(kept)).toBeUndefined();
    expect(await a.cache.delete(`${deleted.partition}.${deleted.entryId}`)).toBe(true);
    expect(await b.cache.lookup(await b.cache.prepare(ask('what does shipping cost')))).toBeUndefined();
  });

  it('rebuilds a new instance index from Redis at start', async () => {
    await storeOn(a, 'how long does delivery take to Berlin', 'Two days.');
    const fresh = await startInstance(options);
    try {
      expect(fresh.cache.indexStats().entries).toBeGreaterThan(0);
      const hit = await fresh.cache.lookup(
        await fresh.cache.prepare(ask('How long does the delivery take to Berlin, please?')),
      );
      expect(hit?.entry.answer).toBe('Two days.');
    } finally {
      await fresh.close();
    }
  });

  it('makes one model call for a burst of equal and reworded prompts across instances', async () => {
    let calls = 0;
    const produce = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { answer: 'Track it in your account.', usage: { promptTokens: 5, completionTokens: 5 } };
    };
    const scope = { tenant: 'burst' };
    const prompts = [
      'where is my parcel right now',
      'Where is my parcel right now?',
      'where is my parcel right now please',
    ];
    const coordinators = [a, b].map((i) => new AnswerCoordinator(i.cache, 2000, 5000));
    const answers = await Promise.all(
      prompts.flatMap((prompt, i) =>
        [0, 1].map(async (j) =>
          coordinators[(i + j) % 2].answer(
            await [a, b][(i + j) % 2].cache.prepare(ask(prompt, { scope })),
            produce,
          ),
        ),
      ),
    );
    expect(calls).toBe(1);
    expect(answers.filter((x) => x.source === 'model')).toHaveLength(1);
    expect(answers.filter((x) => x.source === 'cache')).toHaveLength(5);
  });
});
