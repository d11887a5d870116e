import { EmbedderError } from './embedder';
import { bodyExcerpt, parseEmbeddingsReply } from './openai-reply';

const SOURCE = 'http://embeddings.test/v1/embeddings';

function reply(data: unknown): string {
  return JSON.stringify({ object: 'list', data, model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } });
}

function parseError(text: string, inputs = 2, dimensions = 2): EmbedderError {
  try {
    parseEmbeddingsReply(text, inputs, dimensions, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(EmbedderError);
    return error as EmbedderError;
  }
  throw new Error('expected an EmbedderError');
}

describe('parseEmbeddingsReply', () => {
  it('returns normalized vectors in input order, by index', () => {
    const text = reply([
      { index: 1, embedding: [0, 2] },
      { index: 0, embedding: [3, 4] },
    ]);
    const [first, second] = parseEmbeddingsReply(text, 2, 2, SOURCE);
    expect(Array.from(first)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(second)).toEqual([0, 1]);
  });

  it.each([
    ['not JSON', '<html>Bad gateway</html>', 'a body that is not JSON: <html>Bad gateway</html>'],
    ['no data array', JSON.stringify({ error: 'nope' }), 'without a data array'],
    ['too few embeddings', reply([{ index: 0, embedding: [1, 0] }]), 'returned 1 embeddings for 2 inputs'],
    [
      'a repeated index',
      reply([
        { index: 0, embedding: [1, 0] },
        { index: 0, embedding: [0, 1] },
      ]),
      'repeated or out-of-range index 0',
    ],
    [
      'an index out of range',
      reply([
        { index: 0, embedding: [1, 0] },
        { index: 2, embedding: [0, 1] },
      ]),
      'index 2',
    ],
    [
      'a base64 embedding',
      reply([
        { index: 0, embedding: 'AAAA' },
        { index: 1, embedding: 'AAAA' },
      ]),
      'not an array of numbers',
    ],
    [
      'a null component',
      reply([
        { index: 0, embedding: [1, null] },
        { index: 1, embedding: [0, 1] },
      ]),
      'not a finite number',
    ],
    [
      'a component beyond float32',
      reply([
        { index: 0, embedding: [1, 1e300] },
        { index: 1, embedding: [0, 1] },
      ]),
      'not a finite number',
    ],
    [
      'another length',
      reply([
        { index: 0, embedding: [1, 0, 0] },
        { index: 1, embedding: [0, 1, 0] },
      ]),
      'a 3-dimensional embedding, expected 2',
    ],
  ])('refuses a reply with %s', (_, text, problem) => {
    const error = parseError(text);
    expect(error.message).toContain(`${SOURCE} `);
    expect(error.message).toContain(problem);
  });
});

describe('bodyExcerpt', () => {
  it('keeps bodies on one line and cuts long ones', () => {
    expect(bodyExcerpt('  line one\n\n line two ')).toBe('line one line two');
    expect(bodyExcerpt('')).toBe('(empty body)');
    expect(bodyExcerpt('y'.repeat(1000))).toBe(`${'y'.repeat(200)}…`);
  });
});
