/**
 * Words that point back into a conversation: a prompt using them means something only with what was said before
 * ("and what about the blue one?", "why is that?", "do it again").
 */
const REFERRING = new Set([
  'it',
  'its',
  "it's",
  'that',
  'this',
  'those',
  'these',
  'they',
  'them',
  'their',
  'he',
  'she',
  'him',
  'her',
  'his',
  'above',
  'previous',
  'previously',
  'earlier',
  'before',
  'again',
  'same',
  'also',
  'too',
  'else',
  'instead',
  'former',
  'latter',
  'one',
  'ones',
  'there',
  // The conversation itself: "what was my last question", "summarize our chat".
  'our',
  'we',
  'us',
  'conversation',
  'chat',
  'discussed',
  'mentioned',
  'said',
  'told',
  'summarize',
  'recap',
]);
/** Openings that continue the previous turn. */
const CONTINUATION = /^(and|but|so|or|then|what about|how about|why not|ok(ay)?|yes|no|sure|thanks)\b/i;
/** A prompt this short leans on the conversation whenever there is one ("why?", "in blue", "cheaper ones"). */
const SHORT_WORDS = 3;

/**
 * Whether a prompt depends on the conversation it is part of, so that its answer may be shared only within its chat
 * session: it refers back (pronouns, "again", "the same"), continues the previous turn ("and…", "what about…"), or
 * is very short while there is a history. Otherwise it is self-contained: its answer is made without the chat's
 * history and may be shared across the tenant's sessions. Errs towards "depends": that costs only a shared hit.
 */
export function dependsOnConversation(prompt: string, hasHistory: boolean): boolean {
  const words = prompt
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
  if (!hasHistory) return false;
  if (CONTINUATION.test(prompt.trim())) return true;
  if (words.length <= SHORT_WORDS) return true;
  return words.some((word) => REFERRING.has(word));
}
