import { promptSignature } from '../prompt/prompt-signature';
import type { StoredEntry } from '../store/semantic-entry';
import { judgeCandidates, type JudgedQuery } from './candidate-judge';

const origin = { embedderId: 'hashing-v1', model: 'm', params: { temperature: 0 } };
const entry = (entryId: string, prompt: string, answer = `answer to ${prompt}`): StoredEntry => ({
  entryId,
  partition: 'p',
  prompt,
  normalized: prompt.toLowerCase(),
  answer,
  ...origin,
  scope: { tenant: 't' },
  tags: [],
  usage: { promptTokens: 1, completionTokens: 1 },
  createdAt: 0,
  vector: new Float32Array(1),
  hits: 0,
  lastHitAt: 0,
});
const query = (prompt: string): JudgedQuery => ({
  signature: promptSignature(prompt),
  scope: { tenant: 't' },
  origin,
  threshold: 0.85,
  margin: 0.02,
});

describe('judgeCandidates', () => {
  it('takes the best candidate that passes every guard, skipping refused and vanished ones', async () => {
    const stored = new Map([
      ['a', entry('a', 'refund order 1243')],
      ['b', entry('b', 'refund order 1234')],
    ]);
    const verdict = await judgeCandidates(
      query('please refund order 1234'),
      [
        { entryId: 'gone', similarity: 0.97 },
        { entryId: 'a', similarity: 0.96 },
        { entryId: 'b', similarity: 0.95 },
      ],
      async (id) => stored.get(id),
    );
    expect(verdict.hit?.entry.entryId).toBe('b');
    expect(verdict.rejected).toEqual(['gone', 'numbers']);
    expect(verdict.gone).toEqual(['gone']);
  });

  it('refuses two different answers about equally close (margin), and everything below the threshold', async () => {
    const stored = new Map([
      ['a', entry('a', 'how do I return shoes', 'Return A')],
      ['b', entry('b', 'how do I return shoes online', 'Return B')],
    ]);
    const read = async (id: string) => stored.get(id);
    const close = [
      { entryId: 'a', similarity: 0.93 },
      { entryId: 'b', similarity: 0.92 },
    ];
    expect(await judgeCandidates(query('how do I return my shoes'), close, read)).toMatchObject({
      rejected: ['margin'],
    });
    const apart = [
      { entryId: 'a', similarity: 0.95 },
      { entryId: 'b', similarity: 0.9 },
    ];
    expect((await judgeCandidates(query('how do I return my shoes'), apart, read)).hit?.entry.entryId).toBe(
      'a',
    );
    const low = [{ entryId: 'a', similarity: 0.8 }];
    expect(await judgeCandidates(query('how do I return my shoes'), low, read)).toMatchObject({
      rejected: [],
    });
  });

  it('refuses an entry of another origin or scope', async () => {
    const foreign = { ...entry('a', 'how do I return shoes'), model: 'other' };
    const verdict = await judgeCandidates(
      query('how do I return shoes'),
      [{ entryId: 'a', similarity: 0.99 }],
      async () => foreign,
    );
    expect(verdict).toMatchObject({ rejected: ['origin'] });
    expect(verdict.hit).toBeUndefined();
  });
});
