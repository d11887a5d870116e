/**
 * What two prompts must share, beyond similarity, for one's answer to serve the other: the same numbers and the same
 * identifiers, in the same order ("refund order 1234" never answers "refund order 1243"; "USD to EUR" never answers
 * "EUR to USD"), and the same polarity words ("enable" never answers "disable", "with" never answers "without").
 */
export interface PromptSignature {
  /**
   * Every number, as written without thousands separators (`1,200.50` → `1200.50`), number words as digits, each
   * with the word after it when that is its unit: `5 pounds` → `5 pound` ("5 pounds in kilograms" never answers
   * "5 kilograms in pounds").
   */
  numbers: string[];
  /**
   * Codes, versions, e-mails, URLs, hostnames, handles, quoted strings, ALL-CAPS or mixed-case words, and proper
   * names (capitalized words past the first, in a prompt not written in title case), lower-cased.
   */
  identifiers: string[];
  /** The polarity and opposite words present (negations, enable/disable, …), each as its group's canonical member. */
  polarity: string[];
  /** Its distinct words, lower-cased: names are looked up in them, and a word against its negated form. */
  words: string[];
  /** Proper names: capitalized words past the first, lower-cased; each must be a word of the other prompt. */
  names: string[];
}

/** Why a candidate's answer was refused although it was similar enough. */
export type SignatureConflict = 'numbers' | 'identifiers' | 'negation';

/** Number words, read as the numbers they name ("two items" is "2 items"). */
const NUMBER_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
  ].map((word, value) => [word, String(value)]),
);
const TENS: Readonly<Record<string, string>> = {
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  seventy: '70',
  eighty: '80',
  ninety: '90',
  hundred: '100',
  thousand: '1000',
  million: '1000000',
  dozen: '12',
  half: '0.5',
  twice: '2',
  once: '1',
};
/** Quoted strings (linear: a bounded run without its quote). */
const QUOTED = /"[^"]{1,80}"|`[^`]{1,80}`/g;
/**
 * Whole tokens that are identifiers, each tested anchored (so the cost is linear in the prompt): e-mails, URLs,
 * host names, tags and handles, letters mixed with digits (ERR_504, v2, SKU-9A), ALL CAPS (USD) and mixed case
 * (iPhone, MySQL).
 */
const IDENTIFIER_TOKENS: readonly RegExp[] = [
  /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/,
  /^https?:\/\/\S+$/,
  /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i,
  /^[#@][\w-]+$/,
  /^(?=.*\d)(?=.*[a-z])[\w.-]+$/i,
  /^[A-Z]{2,}[A-Z0-9_]*$/,
  /^[a-z]+[A-Z][A-Za-z]*$/,
];

/**
 * Groups of words of opposite meaning; a prompt's polarity is the set of groups it names with the member it uses. A
 * word listed matches its inflections (the stem is a prefix): "disabled", "disabling".
 */
const OPPOSITES: readonly (readonly string[])[] = [
  [
    'not',
    "n't",
    'no',
    'never',
    'without',
    'cannot',
    'none',
    'nothing',
    'neither',
    'nor',
    'nowhere',
    'nobody',
    // The same without an apostrophe, as typed on phones.
    'cant',
    'dont',
    'doesnt',
    'didnt',
    'isnt',
    'arent',
    'wasnt',
    'werent',
    'wont',
    'wouldnt',
    'shouldnt',
    'couldnt',
    'havent',
    'hasnt',
    'hadnt',
    'aint',
    'mustnt',
    'neednt',
    // "non-refundable" splits into "non" and "refundable".
    'non',
  ],
  ['enabl', 'disabl'],
  ['allow', 'deny', 'block', 'forbid', 'prevent'],
  ['add', 'remov', 'delet'],
  ['increas', 'decreas', 'reduc', 'rais', 'lower'],
  ['includ', 'exclud'],
  ['start', 'stop'],
  ['lock', 'unlock'],
  ['subscrib', 'unsubscrib'],
  ['encrypt', 'decrypt'],
  ['upgrad', 'downgrad'],
  ['import', 'export'],
  ['install', 'uninstall'],
  ['befor', 'after'],
  ['maximum', 'minimum', 'max', 'min'],
  ['more', 'less', 'fewer'],
  ['faster', 'slower'],
  ['cheap', 'expensiv'],
  ['first', 'last'],
  ['accept', 'reject'],
  ['open', 'clos'],
  ['connect', 'disconnect'],
  ['follow', 'unfollow'],
  ['archiv', 'unarchiv', 'restor'],
  ['buy', 'sell'],
  ['send', 'receiv'],
  ['upload', 'download'],
  ['login', 'logout', 'log in', 'log out', 'sign in', 'sign out', 'sign up'],
  ['turn on', 'turn off', 'switch on', 'switch off'],
  ['opt in', 'opt out'],
];

/** Inflections a listed stem matches ("disabl" matches disable, disabled, disabling); '' is the stem itself. */
const INFLECTIONS = [
  '',
  'e',
  'es',
  's',
  'ed',
  'd',
  'ing',
  'ion',
  'ions',
  'al',
  'ment',
  'er',
  'ers',
  'den',
  'ure',
  'ly',
];

/**
 * Each stem's mark: `<group>:<stem>`, except the first group's members, which all mean "not" (one mark for the
 * group, whichever words say it). Phrases ("turn on") are looked up apart.
 */
const STEM_GROUPS = new Map<string, string>();
const PHRASE_GROUPS = new Map<string, string>();
OPPOSITES.forEach((group, index) => {
  for (const stem of group)
    (stem.includes(' ') ? PHRASE_GROUPS : STEM_GROUPS).set(stem, `${index}:${index === 0 ? 'not' : stem}`);
});

/** Words after a number that are not its unit ("5 of them", "2 and 3"). */
const UNIT_FILLERS = new Set([
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'by',
  'from',
  'with',
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'be',
  'please',
  'it',
  'i',
  'my',
]);
/** Capitalized words past the first that are not names. */
const COMMON_CAPITALIZED = new Set(['I', 'Please', 'Thanks', 'Hi', 'Hello', 'Ok', 'Okay']);

/** Apostrophes as phones and Macs type them, read as the ASCII one ("can’t" is "can't"). */
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/g;
/** Prefixes that turn a word into its opposite: "refundable" / "nonrefundable", "available" / "unavailable". */
const NEGATING_PREFIXES = ['non', 'un', 'in', 'im', 'ir', 'il', 'dis'];
/** Punctuation around a token ("(1234),", "“USD”"). */
const AROUND = /^[^\p{L}\p{N}#@]+|[^\p{L}\p{N}]+$/gu;
const PLAIN_NUMBER = /^[-+]?\d[\d,]*(?:\.\d+)?$/;
const COMPOUND_NUMBER = /^\d+(?:[-/:.]\d+)+$/;

/** The signature of a prompt (see {@link PromptSignature}). Linear in the prompt's length. */
export function promptSignature(prompt: string): PromptSignature {
  const text = prompt.normalize('NFKC').replace(APOSTROPHES, "'");
  const tokens = tokensOf(text);
  const words = text
    .toLowerCase()
    .replace(/n't\b/g, " n't")
    .split(/[^\p{L}'\d]+/u)
    .filter(Boolean);
  return {
    numbers: tokens.flatMap((token, i) => numberOf(token, tokens[i + 1])),
    identifiers: identifiersOf(text, tokens),
    polarity: polarityOf(words),
    words: [...new Set(words)],
    names: namesOf(tokens),
  };
}

/** The first guard two signatures fail, or undefined when one prompt's answer may serve the other. */
export function signatureConflict(a: PromptSignature, b: PromptSignature): SignatureConflict | undefined {
  if (!sameList(a.numbers, b.numbers)) return 'numbers';
  if (!sameList(a.identifiers, b.identifiers)) return 'identifiers';
  if (!sameList(a.polarity, b.polarity)) return 'negation';
  if (nameMissing(a, b) || nameMissing(b, a)) return 'identifiers';
  if (negatedByPrefix(a.words, b.words) || negatedByPrefix(b.words, a.words)) return 'negation';
  return undefined;
}

interface Token {
  at: number;
  /** The token without the punctuation around it. */
  bare: string;
}

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const bare = match[0].replace(AROUND, '');
    if (bare) tokens.push({ at: match.index ?? 0, bare });
  }
  return tokens;
}

function numberOf({ bare }: Token, next: Token | undefined): string[] {
  let value: string | undefined;
  if (PLAIN_NUMBER.test(bare)) value = bare.replace(/^\+/, '').replace(/,(?=\d{3}\b)/g, '');
  else if (COMPOUND_NUMBER.test(bare)) value = bare;
  else value = NUMBER_WORDS[bare.toLowerCase()] ?? TENS[bare.toLowerCase()];
  if (value === undefined) return [];
  const unit = next && /^\p{L}+$/u.test(next.bare) ? next.bare.toLowerCase().replace(/s$/, '') : '';
  return [unit && !UNIT_FILLERS.has(unit) ? `${value} ${unit}` : value];
}

function identifiersOf(text: string, tokens: readonly Token[]): string[] {
  const found: { at: number; value: string }[] = [];
  for (const match of text.matchAll(QUOTED))
    found.push({ at: match.index ?? 0, value: match[0].toLowerCase() });
  tokens.forEach(({ at, bare }) => {
    if (PLAIN_NUMBER.test(bare) || COMPOUND_NUMBER.test(bare)) return; // a number is a number
    const plural = /^[A-Z]{2,}s$/.test(bare) ? bare.slice(0, -1) : bare; // TTLs is TTL
    if (IDENTIFIER_TOKENS.some((pattern) => pattern.test(plural)))
      found.push({ at, value: plural.toLowerCase() });
  });
  return found.sort((x, y) => x.at - y.at).map((f) => f.value);
}

/** Capitalized words past the first (proper names: "Paris, Texas"), unless the prompt is in title case. */
function namesOf(tokens: readonly Token[]): string[] {
  const capitalized = tokens.filter((t) => /^\p{Lu}\p{Ll}/u.test(t.bare)).length;
  if (capitalized * 2 > tokens.length) return [];
  return tokens
    .filter((t, i) => i > 0 && /^\p{Lu}\p{Ll}+$/u.test(t.bare) && !COMMON_CAPITALIZED.has(t.bare))
    .map((t) => t.bare.toLowerCase());
}

/** Whether a name of `a` is not a word of `b` at all, in any case ("Paris, Texas" against "Paris"). */
function nameMissing(a: PromptSignature, b: PromptSignature): boolean {
  const words = new Set(b.words);
  return a.names.some((name) => !words.has(name));
}

function polarityOf(words: readonly string[]): string[] {
  const joined = ` ${words.join(' ')} `;
  const present = new Set<string>();
  for (const word of new Set(words)) {
    for (const suffix of INFLECTIONS) {
      if (!word.endsWith(suffix)) continue;
      const group = STEM_GROUPS.get(word.slice(0, word.length - suffix.length));
      if (group) present.add(group);
    }
  }
  for (const [phrase, group] of PHRASE_GROUPS) if (joined.includes(` ${phrase} `)) present.add(group);
  return [...present].sort();
}

/** Whether a word of `a` is a word of `b` with a negating prefix ("unavailable" against "available"). */
function negatedByPrefix(a: readonly string[], b: readonly string[]): boolean {
  const other = new Set(b);
  return a.some((word) =>
    NEGATING_PREFIXES.some(
      (prefix) =>
        word.startsWith(prefix) && word.length - prefix.length >= 4 && other.has(word.slice(prefix.length)),
    ),
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
