import { EmbedderError } from './embedder';
import { HASHING_EMBEDDER_DEFAULT_THRESHOLD, HashingEmbedder } from './hashing-embedder';
import { lexicalFeatures, lexicalTokens, lightStem } from './lexical-tokens';
import { dotProduct } from './normalize-vector';

const embedder = new HashingEmbedder();

async function similarity(a: string, b: string): Promise<number> {
  const [first, second] = await embedder.embed([a, b]);
  return dotProduct(first, second);
}

function norm(vector: Float32Array): number {
  return Math.sqrt(dotProduct(vector, vector));
}

describe('HashingEmbedder', () => {
  it('returns one unit vector of 384 dimensions per text, in order', async () => {
    const vectors = await embedder.embed(['How do I reset my password?', 'Which trucks are late?', 'x']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[0]).toEqual(embedder.embedText('How do I reset my password?'));
  });

  it('is deterministic across instances', async () => {
    const [a] = await new HashingEmbedder().embed(['Explain Redis cluster failover']);
    const [b] = await new HashingEmbedder().embed(['Explain Redis cluster failover']);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('names itself hashing-v1, with the dimensions when they are not the default', () => {
    expect(embedder.id).toBe('hashing-v1');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.defaultThreshold).toBe(HASHING_EMBEDDER_DEFAULT_THRESHOLD);
    const small = new HashingEmbedder({ dimensions: 128, defaultThreshold: 0.9 });
    expect(small.id).toBe('hashing-v1-d128');
    expect(small.embedText('hello trucks')).toHaveLength(128);
    expect(small.defaultThreshold).toBe(0.9);
  });

  it('refuses dimensions that are not a sensible integer', () => {
    expect(() => new HashingEmbedder({ dimensions: 0 })).toThrow(EmbedderError);
    expect(() => new HashingEmbedder({ dimensions: 12.5 })).toThrow(EmbedderError);
  });

  it.each([
    ['How do I reset my password?', 'how can I reset my password'],
    ['How do I reset my password?', 'Resetting my passwords: how?'],
    ['What is the capital of France?', "What's France's capital?"],
    ['Why does my Docker container keep restarting?', 'docker container keeps restarting, why?'],
    [
      'Write a function that reverses a string in JavaScript',
      'write a javascript function reversing a string',
    ],
  ])('scores the rewording %j / %j at or above the threshold', async (a, b) => {
    expect(await similarity(a, b)).toBeGreaterThanOrEqual(HASHING_EMBEDDER_DEFAULT_THRESHOLD);
  });

  it.each([
    ['How do I reset my password?', 'Which trucks are delayed today?'],
    ['How do I reset my password?', 'How do I change my username?'],
    ['What is the capital of France?', 'What is the capital of Germany?'],
    ['Show the top 5 trucks', 'Show the top 10 trucks'],
    ['Pizza recipe with cheese', 'Pizza recipe without cheese'],
    ['I want a refund', "I don't want a refund"],
    ['How do I turn on email notifications?', 'How do I turn off email notifications?'],
    ['Convert USD to EUR', 'convert EUR to USD'],
    ['How do I migrate from MySQL to Postgres?', 'How do I migrate from Postgres to MySQL?'],
    ['Reset the password for jane@example.com', 'Reset the password for john@example.com'],
  ])('scores %j / %j below the threshold', async (a, b) => {
    expect(await similarity(a, b)).toBeLessThan(HASHING_EMBEDDER_DEFAULT_THRESHOLD);
  });

  it('scores unrelated prompts near zero', async () => {
    expect(Math.abs(await similarity('How do I reset my password?', 'Which trucks are late?'))).toBeLessThan(
      0.3,
    );
  });

  it('ignores case, punctuation, extra whitespace and Unicode compatibility forms', async () => {
    const plain = embedder.embedText('how do i reset my password');
    for (const variant of [
      'HOW DO I RESET MY PASSWORD???',
      '  How,  do I reset...\tmy password!  ',
      'Ｈｏｗ do I reset my password',
    ]) {
      expect(Array.from(embedder.embedText(variant))).toEqual(Array.from(plain));
    }
  });

  it('gives texts without a letter or digit the zero vector', async () => {
    for (const text of ['', '   ', '?!…']) {
      const vector = embedder.embedText(text);
      expect(vector).toHaveLength(384);
      expect(vector.every((value) => value === 0)).toBe(true);
    }
  });
});

describe('lexicalTokens', () => {
  const texts = (text: string) => lexicalTokens(text).map((token) => token.text);

  it('drops stop words and filler but never negations or numbers', () => {
    expect(texts("Could you tell me if I don't need 5 of the trucks without a driver, please?")).toEqual([
      'not',
      '5',
      'truck',
      'without',
      'driver',
    ]);
    expect(texts('You cannot do it')).toEqual(['not']);
    expect(texts('I dont know')).toEqual(['not']);
  });

  it('keeps numbers and identifiers whole, splits other words on punctuation', () => {
    expect(
      texts('Is gpt-4 faster than v1.2.3 at 1,000 rps? user_id, c++, jane@example.com and well-known'),
    ).toEqual([
      'gpt-4',
      'faster',
      'v1.2.3',
      '1000',
      'rps',
      'user_id',
      'c++',
      'jane@example.com',
      'well',
      'known',
    ]);
    expect(lexicalTokens('node.js 3 api.shop.io').map((token) => token.kind)).toEqual([
      'identifier',
      'identifier',
      'identifier',
    ]);
  });

  it('notes what goes where around to, from, than...', () => {
    expect(lexicalFeatures('Move the customer from the Pro plan to the Basic plan').directions).toEqual([
      'customer>pro',
      'plan>basic',
    ]);
    expect(lexicalFeatures('How to reset my password').directions).toEqual([]);
  });

  it('keeps the stop words of a prompt made only of them', () => {
    expect(texts('Is it?')).toEqual(['is', 'it']);
  });

  it('stems inflections of one word to one stem', () => {
    expect(new Set(['cache', 'caches', 'cached', 'caching'].map(lightStem))).toEqual(new Set(['cach']));
    expect(new Set(['run', 'running', 'runs'].map(lightStem))).toEqual(new Set(['run']));
    expect(new Set(['policy', 'policies'].map(lightStem))).toEqual(new Set(['policy']));
    expect(lightStem('string')).toBe('string');
    expect(lightStem('install')).toBe('install');
    expect(lightStem('installed')).toBe('install');
    expect(lightStem('https')).toBe('https');
  });
});
