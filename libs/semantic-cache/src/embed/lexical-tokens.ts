/**
 * What a token of a prompt is, for the lexical embedder: identifiers (numbers, versions, e-mail addresses, host and
 * topic names, snake_case) and negations weigh more than other words, and only words get character trigrams.
 */
export type LexicalTokenKind = 'word' | 'identifier' | 'negation';

/** One token of a prompt after normalization, stop-word removal and stemming. */
export interface LexicalToken {
  readonly text: string;
  readonly kind: LexicalTokenKind;
}

/** What the lexical embedder hashes from a prompt. */
export interface LexicalFeatures {
  /** The content tokens, in order (stop words dropped unless nothing else is left). */
  readonly tokens: LexicalToken[];
  /**
   * `a>b` for each "a to b", "a from b", "a than b"... (articles skipped): what goes where, so that "convert USD to
   * EUR" and "convert EUR to USD", which have the same words, differ.
   */
  readonly directions: string[];
}

/**
 * Words that flip the meaning of a question: never dropped, never stemmed (contractions are expanded first). "off"
 * and "out" flip "turn on" / "log in" / "in stock".
 */
const NEGATIONS = new Set(
  'not no nor never none nothing nobody nowhere neither without except excluding off out'.split(' '),
);

/**
 * English function words and conversational filler dropped before hashing, so that "how do I reset my password" and
 * "could you tell me how to reset the password, please" share all their features. Question words (what, why, how...)
 * and modal verbs of obligation (should, must) stay: they change what is asked.
 */
const STOP_WORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for from with into onto about as than over ' +
    'is are was were be been being am do does did doing done have has had having get got go ' +
    'i me my mine myself you your yours yourself we our ours it its itself he him his she her they them their ' +
    'this that these those there here ' +
    'can could would will shall may might please kindly just some any also very really exactly actually ' +
    'hi hello hey thanks thank ok okay guys ' +
    'tell know like want need explain show help wondering wonder idea chance way steps possible able walk through ' +
    'whether'
  ).split(' '),
);

/** Words that tell the direction between the words around them ("A to B", "A better than B", "swap A for B"). */
const DIRECTION_WORDS = new Set(['to', 'into', 'onto', 'from', 'for', 'than', 'over']);
/** Skipped when looking for the word after a direction word. */
const ARTICLES = new Set('a an the my your our their his her its this that these those some'.split(' '));
/** "how to", "what to": the word before is no source of a direction. */
const QUESTION_WORDS = new Set('how what which why when where who whom whose'.split(' '));

/** Interchangeable question words, mapped to one ("which payment methods" / "what payment methods"). */
const CANONICAL_WORDS = new Map([
  ['which', 'what'],
  ['whom', 'who'],
]);

/** Words the stemmer would turn into another word ("https" -> "http"). */
const UNSTEMMED = new Set(['https', 'always', 'news', 'series', 'perhaps', 'during']);

/** Runs of letters, digits and underscores, joined by the punctuation that may sit inside a number or identifier. */
const RAW_TOKEN = /[\p{L}\p{N}\p{M}_]+(?:[.\-/:@,][\p{L}\p{N}\p{M}_]+)*[+#]*/gu;
/** Tokens with one of these stay whole: numbers, versions, e-mail addresses, host names, snake_case. */
const IDENTIFIER = /[\p{N}_.@]/u;
const SPLITTERS = /[.\-/:@,]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const THOUSANDS_SEPARATOR = /(?<=\d),(?=\d{3}(?!\d))/g;
const BARE_NEGATED_AUXILIARY =
  /\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt\b/g;

/** Lower-cased NFKC text with contractions expanded ("don't", "dont" -> "do not"), apostrophes and 1,000-commas gone. */
export function normalizeLexicalText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/\bcan'?t\b|\bcannot\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bshan't\b/g, 'shall not')
    .replace(/n't\b/g, ' not')
    .replace(BARE_NEGATED_AUXILIARY, '$1 not')
    .replace(/'(?:s|re|ve|ll|d|m)\b/g, '')
    .replace(/'/g, '')
    .replace(THOUSANDS_SEPARATOR, '');
}

/**
 * The features of a prompt for lexical matching: normalized ({@link normalizeLexicalText}), split on whitespace and
 * punctuation (identifiers stay whole: `3.14`, `gpt-4`, `user_id`, `jane@example.com`, `c++`), stop words dropped
 * (unless nothing else is left), lightly stemmed; negations and identifiers are always kept.
 */
export function lexicalFeatures(text: string): LexicalFeatures {
  const words = splitWords(normalizeLexicalText(text));
  const content = words.filter((word) => !STOP_WORDS.has(word));
  return {
    tokens: (content.length > 0 ? content : words).map(classifyAndStem),
    directions: directions(words),
  };
}

/** The tokens of {@link lexicalFeatures}. */
export function lexicalTokens(text: string): LexicalToken[] {
  return lexicalFeatures(text).tokens;
}

function splitWords(normalized: string): string[] {
  const words: string[] = [];
  for (const [raw] of normalized.matchAll(RAW_TOKEN)) {
    if (SPLITTERS.test(raw) && !IDENTIFIER.test(raw)) words.push(...raw.split(SPLITTERS));
    else words.push(raw);
  }
  return words;
}

function directions(words: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 1; i < words.length - 1; i++) {
    const before = words[i - 1];
    if (!DIRECTION_WORDS.has(words[i]) || STOP_WORDS.has(before) || QUESTION_WORDS.has(before)) continue;
    let after = i + 1;
    while (after < words.length - 1 && ARTICLES.has(words[after])) after++;
    found.push(`${classifyAndStem(before).text}>${classifyAndStem(words[after]).text}`);
  }
  return found;
}

function classifyAndStem(word: string): LexicalToken {
  if (NEGATIONS.has(word)) return { text: word, kind: 'negation' };
  if (IDENTIFIER.test(word)) return { text: word, kind: 'identifier' };
  return { text: CANONICAL_WORDS.get(word) ?? lightStem(word), kind: 'word' };
}

/**
 * Strips common English inflections so that variants of a word meet: plural -s/-es/-ies, -ing, -ed, -ly and a final
 * -e ("caches", "caching", "cached", "cache" -> "cach"). Deliberately crude and only ever applied to plain a-z words
 * longer than 3 letters: what matters is that the variants of one word land on the same stem.
 */
export function lightStem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word) || UNSTEMMED.has(word)) return word;
  let stem = stripPlural(word);
  stem = stripSuffix(stem);
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}

function stripPlural(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function stripSuffix(word: string): string {
  for (const suffix of ['ing', 'ed', 'ly']) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (stem.length < 3 || !/[aeiouy]/.test(stem)) return word;
    if (suffix === 'ly') return stem;
    if (suffix === 'ed' && stem.endsWith('i')) return `${stem.slice(0, -1)}y`;
    return undoubleFinalConsonant(stem);
  }
  return word;
}

/** "runn" -> "run", "stopp" -> "stop"; "install", "pass" and "buzz" keep their double letter. */
function undoubleFinalConsonant(stem: string): string {
  const last = stem[stem.length - 1];
  if (last === stem[stem.length - 2] && /[bcdfghjkmnprtvw]/.test(last)) return stem.slice(0, -1);
  return stem;
}
