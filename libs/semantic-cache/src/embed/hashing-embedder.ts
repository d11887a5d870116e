import { Embedder, EmbedderError } from './embedder';
import { addHashedFeature, fnv1a, fnv1aStep } from './feature-hash';
import { LexicalToken, lexicalFeatures } from './lexical-tokens';
import { l2NormalizeInPlace } from './normalize-vector';

/**
 * Names the feature set: cached vectors of another id never match, so any change to the tokenization, the features or
 * their weights must bump it (old entries then simply stop matching).
 */
const HASHING_EMBEDDER_VERSION = 'hashing-v1';

/** Vector length of the hashing embedder unless configured otherwise (the size of common small sentence models). */
export const HASHING_EMBEDDER_DEFAULT_DIMENSIONS = 384;

/**
 * Cosine similarity at or above which two prompts count as the same question for the hashing embedder. Chosen on the
 * 350 hand-labelled prompt pairs of test/fixtures/prompt-pairs.json; BENCHMARKS.md ("Semantic cache") has the
 * precision and recall of the whole lookup at this and other thresholds.
 */
export const HASHING_EMBEDDER_DEFAULT_THRESHOLD = 0.85;

/**
 * How much each kind of feature weighs. Word unigrams carry the meaning; identifiers (numbers, e-mail addresses,
 * versions...) and negations weigh more, because "top 5" / "top 10" and "with" / "without" are different questions;
 * bigrams add word order; directions ("USD to EUR") tell what goes where; character trigrams of each word (with
 * boundary markers) give partial credit to typos and inflections the stemmer misses.
 */
export const HASHING_FEATURE_WEIGHTS = {
  word: 1,
  identifier: 1.5,
  negation: 2,
  bigram: 0.4,
  direction: 1.5,
  charTrigram: 0.4,
} as const;

/** Options of {@link HashingEmbedder}. */
export interface HashingEmbedderOptions {
  /** Vector length (default {@link HASHING_EMBEDDER_DEFAULT_DIMENSIONS}); part of the id when not the default. */
  readonly dimensions?: number;
  /** Overrides {@link HASHING_EMBEDDER_DEFAULT_THRESHOLD}. */
  readonly defaultThreshold?: number;
}

const UNIGRAM_SEED = fnv1a('unigram\u0000');
const BIGRAM_SEED = fnv1a('bigram\u0000');
const TRIGRAM_SEED = fnv1a('trigram\u0000');
const DIRECTION_SEED = fnv1a('direction\u0000');
const WORD_START = 0x02;
const WORD_END = 0x03;
const BIGRAM_SEPARATOR = 0x20;

/**
 * The default embedder: lexical signed feature hashing, no model weights, deterministic and fast (tens of thousands
 * of short prompts per second on one core). It matches rewordings and variants of case, punctuation, word order and
 * inflection ("How do I reset my password?" / "resetting my passwords, how?"), not synonyms ("car" / "automobile").
 * Features: stemmed word unigrams, word bigrams, directions and character trigrams (see {@link HASHING_FEATURE_WEIGHTS}), hashed
 * with FNV-1a into `dimensions` signed buckets, then L2-normalized; an empty text gives the zero vector.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly defaultThreshold: number;

  constructor(options: HashingEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? HASHING_EMBEDDER_DEFAULT_DIMENSIONS;
    this.defaultThreshold = options.defaultThreshold ?? HASHING_EMBEDDER_DEFAULT_THRESHOLD;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 8 || this.dimensions > 65536) {
      throw new EmbedderError(
        `Hashing embedder dimensions must be an integer in 8..65536, not ${this.dimensions}`,
      );
    }
    const suffix = this.dimensions === HASHING_EMBEDDER_DEFAULT_DIMENSIONS ? '' : `-d${this.dimensions}`;
    this.id = `${HASHING_EMBEDDER_VERSION}${suffix}`;
  }

  /** One unit vector per text, in order (zero vectors for texts without a letter or digit). */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedText(text));
  }

  /** The vector of one text, synchronously (what {@link embed} does for each text). */
  embedText(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const { tokens, directions } = lexicalFeatures(text);
    for (let i = 0; i < tokens.length; i++) {
      addTokenFeatures(vector, tokens[i]);
      if (i > 0)
        addHashedFeature(vector, bigramHash(tokens[i - 1], tokens[i]), HASHING_FEATURE_WEIGHTS.bigram);
    }
    for (const direction of directions) {
      addHashedFeature(vector, fnv1a(direction, DIRECTION_SEED), HASHING_FEATURE_WEIGHTS.direction);
    }
    return l2NormalizeInPlace(vector);
  }
}

function addTokenFeatures(vector: Float32Array, token: LexicalToken): void {
  addHashedFeature(vector, fnv1a(token.text, UNIGRAM_SEED), HASHING_FEATURE_WEIGHTS[token.kind]);
  if (token.kind === 'word') addCharTrigrams(vector, token.text);
}

function bigramHash(first: LexicalToken, second: LexicalToken): number {
  return fnv1a(second.text, fnv1aStep(fnv1a(first.text, BIGRAM_SEED), BIGRAM_SEPARATOR));
}

/** The character trigrams of `\x02word\x03`: a word of n code units has n of them. */
function addCharTrigrams(vector: Float32Array, word: string): void {
  const length = word.length + 2;
  const codeAt = (i: number) => (i === 0 ? WORD_START : i === length - 1 ? WORD_END : word.charCodeAt(i - 1));
  for (let i = 0; i + 3 <= length; i++) {
    const hash = fnv1aStep(fnv1aStep(fnv1aStep(TRIGRAM_SEED, codeAt(i)), codeAt(i + 1)), codeAt(i + 2));
    addHashedFeature(vector, hash, HASHING_FEATURE_WEIGHTS.charTrigram);
  }
}
