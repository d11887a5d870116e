import { domainToASCII } from 'node:url';

/** Longest normalized email `users.email_normalized` holds (an IDN domain grows in its ASCII form). */
export const MAX_NORMALIZED_EMAIL_LENGTH = 512;

/**
 * The key that email uniqueness is decided on (`users.email_normalized`, compared byte for byte). The address is
 * split at its last `@`:
 * - the domain is put in its IDNA ASCII form (UTS #46 mapping as in WHATWG URLs: letters lower-cased, Unicode
 *   labels in punycode), so `Example.COM`, `MÜNCHEN.de` and `xn--mnchen-3ya.de` each have one key; a domain that
 *   form rejects is kept in Unicode NFC, lower-cased;
 * - a local part of ASCII characters only is lower-cased (`Kim@…` is `kim@…`);
 * - any other local part is kept exactly as given, in Unicode NFC (so composed and decomposed `é` are one key),
 *   without case folding or accent stripping: `abusé@…` and `abuse@…` are two addresses, and so are `Abusé@…` and
 *   `abusé@…`, because only the receiving host knows what its non-ASCII local parts mean.
 *
 * The address itself is stored and shown as given.
 */
export function normalizeEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return normalizeLocalPart(email);
  return `${normalizeLocalPart(email.slice(0, at))}@${normalizeDomain(email.slice(at + 1))}`;
}

function normalizeLocalPart(local: string): string {
  return isAscii(local) ? local.toLowerCase() : local.normalize('NFC');
}

function normalizeDomain(domain: string): string {
  const composed = domain.normalize('NFC');
  return domainToASCII(composed) || composed.toLowerCase();
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
