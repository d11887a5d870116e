/**
 * What two prompts must share, beyond similarity, for one's answer to serve the other: the same numbers and the same
 * identifiers, in the same order ("refund order 1234" never answers "refund order 1243"; "USD to EUR" never answers
 * "EUR to USD"), and the same polarity words ("enable" never answers "disable", "with" never answers "without").
 */
export interface PromptSignature {
  /** Every number, as written without thousands separators: `1,200.50` → `1200.50`. */
  numbers: string[];
  /** Codes, versions, e-mails, URLs, hostnames, handles, quoted strings and ALL-CAPS or mixed-case words, lower-cased. */
  identifiers: string[];
  /** The polarity and opposite words present (negations, enable/disable, …), each as its group's canonical member. */
  polarity: string[];
}

/** Why a candidate's answer was refused although it was similar enough. */
export type SignatureConflict = 'numbers' | 'identifiers' | 'negation';

const NUMBER = /(?<![\p{L}\d_])[-+]?\d[\d,]*(?:\.\d+)?(?![\p{L}\d_])/gu;
const IDENTIFIER_PATTERNS: readonly RegExp[] = [
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, // e-mail
  /\bhttps?:\/\/\S+/g, // URL
  /\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi, // hostname
  /[#@][\w-]+/g, // tag, handle
  /"[^"]{1,80}"|'[^']{2,80}'|`[^`]{1,80}`/g, // quoted
  /\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]*[a-z0-9]\b/gi, // letters and digits mixed: ERR_504, v2, SKU-9A, 3.11b
  /\b[A-Z]{2,}[A-Z0-9_]*\b/g, // ALL CAPS: USD, EUR, HTTP
  /\b[a-z]+[A-Z][A-Za-z]*\b/g, // mixed case: iPhone, MySQL's "ySQL" form, camelCase
];

/**
 * Groups of words of opposite meaning; a prompt's polarity is the set of groups it names with the member it uses. A
 * word listed matches its inflections (the stem is a prefix): "disabled", "disabling".
 */
const OPPOSITES: readonly (readonly string[])[] = [
  ['not', "n't", 'no', 'never', 'without', 'cannot', 'none', 'nothing', 'neither', 'nor'],
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
  ['show', 'hid'],
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

/** Inflections a listed stem matches: "disabl" matches disable, disabled, disabling. */
const INFLECTION = '(?:e|es|s|ed|d|ing|ion|ions|al|ment|er|ers|den|ure|ly)?';

/** The signature of a prompt (see {@link PromptSignature}). */
export function promptSignature(prompt: string): PromptSignature {
  const text = prompt.normalize('NFKC');
  const numbers = (text.match(NUMBER) ?? []).map((n) => n.replace(/^\+/, '').replace(/,(?=\d{3}\b)/g, ''));
  const identifiers = identifiersOf(text);
  return { numbers, identifiers, polarity: polarityOf(text.toLowerCase()) };
}

/** The first guard two signatures fail, or undefined when one prompt's answer may serve the other. */
export function signatureConflict(a: PromptSignature, b: PromptSignature): SignatureConflict | undefined {
  if (!sameList(a.numbers, b.numbers)) return 'numbers';
  if (!sameList(a.identifiers, b.identifiers)) return 'identifiers';
  if (!sameList(a.polarity, b.polarity)) return 'negation';
  return undefined;
}

function identifiersOf(text: string): string[] {
  const found: { at: number; value: string }[] = [];
  const taken: [number, number][] = [];
  for (const pattern of IDENTIFIER_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      if (/^[-+]?\d[\d,]*(?:\.\d+)?$/.test(match[0])) continue; // a plain number is a number
      taken.push([start, end]);
      found.push({ at: start, value: match[0].toLowerCase().replace(/[.,;:!?]+$/, '') });
    }
  }
  return found.sort((x, y) => x.at - y.at).map((f) => f.value);
}

function polarityOf(lower: string): string[] {
  const words = lower
    .replace(/n't\b/g, " n't")
    .split(/[^\p{L}'\d]+/u)
    .filter(Boolean);
  const joined = ` ${words.join(' ')} `;
  const present: string[] = [];
  OPPOSITES.forEach((group, index) => {
    const members = group.filter((stem) =>
      stem.includes(' ') ? joined.includes(` ${stem} `) : words.some((w) => stemMatcher(stem).test(w)),
    );
    // "no" as in "no." is a word; members of the first group all mean "not": one canonical mark per group member.
    for (const member of new Set(index === 0 ? members.map(() => 'not') : members))
      present.push(`${index}:${member}`);
  });
  return present.sort();
}

const matchers = new Map<string, RegExp>();
function stemMatcher(stem: string): RegExp {
  let matcher = matchers.get(stem);
  if (!matcher) matchers.set(stem, (matcher = new RegExp(`^${stem}${INFLECTION}$`)));
  return matcher;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
