/**
 * The canonical form of a prompt for the exact-match lookup: Unicode NFKC, lower case, whitespace collapsed, quotes
 * unified, and the closing punctuation dropped ("How do I reset my password?" and "how do i reset my password" are
 * the same key). Words, numbers and the punctuation inside them are kept as written.
 */
export function normalizePrompt(prompt: string): string {
  return prompt
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201f]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.,;:…]+$/u, '');
}
