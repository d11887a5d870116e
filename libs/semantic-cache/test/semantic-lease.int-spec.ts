import { EmbedderError, type Embedder } from '../src/embed/embedder';
import { HashingEmbedder } from '../src/embed/hashing-embedder';
import { AnswerCoordinator } from '../src/lease/answer-coordinator';
import type { SemanticQuery } from '../src/semantic-query';
import { semanticTestOptions, startInstance, type TestInstance } from './semantic-support';

const ask = (prompt: string, over: Partial<SemanticQuery> = {}): SemanticQuery => ({
  prompt,
  scope: { tenant: 'lease' },
  model: 'stand-in:test',
  params: { temperature: 0 },
  ...over,
});
const answerOf =
  (text: string, ms = 0) =>
  async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { answer: text, usage: { promptTokens: 1, completionTokens: 1 } };
  };

/** An embedder that fails while `down` is set. */
class FlakyEmbedder implements Embedder {
  down = false;
  private readonly inner = new HashingEmbedder();
  readonly id = this.inner.id;
  readonly dimensions = this.inner.dimensions;
  readonly defaultThreshold = this.inner.defaultThreshold;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.down) throw new EmbedderError('embeddings endpoint down');
    return this.inner.embed(texts);
  }
}

describe('the model-call lease and its edges', () => {
  const options = semanticTestOptions();
  const instances: TestInstance[] = [];
  const start = async (
    ...args: Parameters<typeof startInstance> extends [unknown, ...infer R] ? R : never
  ) => {
    const instance = await startInstance(options, ...args);
    instances.push(instance);
    return instance;
  };
  afterAll(async () => {
    for (const instance of instances) await instance.close();
  });

  it('a holder that died loses its lease when it expires: the next caller leads instead of waiting', async () => {
    const a = await start();
    const query = await a.cache.prepare(ask('how do I change my shipping address'));
    await a.cache.entries.claim(
      query.partition,
      query.entryId,
      'dead-holder',
      query.vector,
      query.signatureHash,
      0.85,
      300,
    );
    const started = Date.now();
    const answered = await new AnswerCoordinator(a.cache, 300, 10_000).answer(
      query,
      answerOf('Under Settings.'),
    );
    expect(answered.source).toBe('model');
    expect(Date.now() - started).toBeLessThan(1100); // the leases hash itself lives 4 × 300 ms
  });

  it('keeps its lease through a model call longer than the leases hash first lived', async () => {
    const a = await start();
    const coordinator = new AnswerCoordinator(a.cache, 150, 10_000);
    let calls = 0;
    const slow = async () => {
      calls++;
      return answerOf('Slow answer.', 900)();
    };
    const [first, second] = await Promise.all([
      coordinator.answer(await a.cache.prepare(ask('what is the slowest shipping option')), slow),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 700));
        return coordinator.answer(await a.cache.prepare(ask('What is the slowest shipping option?')), slow);
      })(),
    ]);
    expect(calls).toBe(1);
    expect([first.source, second.source].sort()).toEqual(['cache', 'model']);
  });

  it('in exact mode, a similar prompt asked meanwhile calls the model itself', async () => {
    const a = await start({ mode: 'exact' });
    const coordinator = new AnswerCoordinator(a.cache, 2000, 10_000);
    const [one, two] = await Promise.all([
      coordinator.answer(await a.cache.prepare(ask('where is my parcel now')), answerOf('A1', 300)),
      coordinator.answer(await a.cache.prepare(ask('where is my parcel now please')), answerOf('A2', 300)),
    ]);
    expect([one.source, two.source]).toEqual(['model', 'model']);
  });

  it('drops an answer whose tagged record changed while the model ran', async () => {
    const a = await start();
    const query = await a.cache.prepare(ask('tell me about product 77', { tags: ['product:77'] }));
    const coordinator = new AnswerCoordinator(a.cache, 2000, 10_000);
    await coordinator.answer(query, async () => {
      await a.cache.invalidateTag('product:77'); // the product changed during the call
      return answerOf('Old record.')();
    });
    expect(await a.cache.lookup(query)).toBeUndefined();
    const fresh = await a.cache.prepare(ask('tell me about product 78', { tags: ['product:78'] }));
    await coordinator.answer(fresh, answerOf('Current record.'));
    expect(await a.cache.lookup(fresh)).toMatchObject({ match: 'exact' });
  });

  it('fails open when the embedder fails: exact matches still hit, the model answers the rest', async () => {
    const embedder = new FlakyEmbedder();
    const a = await start({}, embedder);
    const coordinator = new AnswerCoordinator(a.cache, 2000, 10_000);
    await coordinator.answer(
      await a.cache.prepare(ask('how do I close my account')),
      answerOf('In Settings.'),
    );
    embedder.down = true;
    const repeat = await a.cache.prepare(ask('How do I close my account?'));
    expect(repeat.semantic).toBe(false);
    expect(await a.cache.lookup(repeat)).toMatchObject({ match: 'exact' });
    const other = await coordinator.answer(
      await a.cache.prepare(ask('how can I close my account')),
      answerOf('B'),
    );
    expect(other.source).toBe('model');
  });

  it('matches prompts longer than maxSemanticChars exactly only', async () => {
    const a = await start({ maxSemanticChars: 100 });
    const long = `please read this carefully ${'and consider my order history '.repeat(5)}then cancel it`;
    await a.cache.store(await a.cache.prepare(ask(long)), 'Cancelled.', {
      promptTokens: 1,
      completionTokens: 1,
    });
    expect(
      await a.cache.lookup(await a.cache.prepare(ask(long.replace('cancel it', 'ship it')))),
    ).toBeUndefined();
    expect(await a.cache.lookup(await a.cache.prepare(ask(`${long}.`)))).toMatchObject({ match: 'exact' });
  });
});
