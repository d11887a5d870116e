import { InvalidInputError, MAX_INT_ID, type VersionCondition } from '@fleetcache/core';
import type { CacheEntry } from '@fleetcache/cache';
import type { FastifyRequest } from 'fastify';

/** Most entity tags one If-Match may list. */
export const MAX_IF_MATCH_TAGS = 20;
/** Longest If-Match accepted, in characters. */
export const MAX_IF_MATCH_LENGTH = 512;
/** Longest If-None-Match looked at, in characters; a longer one is ignored (the full answer is always correct). */
export const MAX_IF_NONE_MATCH_LENGTH = 2048;

/** One entity tag of a list: `"3"` (strong) or `W/"3"` (weak); `opaque` is what is between the quotes. */
interface EntityTag {
  weak: boolean;
  opaque: string;
}

/**
 * One member of an entity-tag list (RFC 9110 §8.8.3, §5.6.1): optional whitespace, an optional `W/` and a quoted
 * tag of etagc characters, optional whitespace, then a comma or the end. The tag may be missing: a list may hold
 * empty elements, which are ignored. The whitespace after a tag belongs to the tag's group, so that without a tag
 * only one run of whitespace is tried: matching stays linear in the header's length.
 */
const LIST_MEMBER = /[ \t]*(?:(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"[ \t]*)?(,|$)/y;
/** The opaque part of a tag this service issues: a version (see {@link etagOf}). */
const VERSION_OPAQUE = /^[1-9][0-9]{0,9}$/;

/** The ETag of a version: `"3"` (strong: one version has one representation). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Parses `*` or a list of entity tags. Returns null when the value is malformed, 'too many' when it lists more
 * than `maxTags` tags. Several header lines arrive as an array and form one list (RFC 9110 §5.3).
 */
function parseEntityTags(header: string | string[], maxTags: number): '*' | EntityTag[] | null | 'too many' {
  const value = (Array.isArray(header) ? header.join(', ') : header).trim();
  if (value === '*') return '*';
  const tags: EntityTag[] = [];
  LIST_MEMBER.lastIndex = 0;
  // Every member but the last consumes a comma, so this ends.
  for (;;) {
    const member = LIST_MEMBER.exec(value);
    if (!member) return null;
    if (member[2] !== undefined) {
      if (tags.length === maxTags) return 'too many';
      tags.push({ weak: member[1] !== undefined, opaque: member[2] });
    }
    if (member[3] === '') break; // the end of the value
  }
  return tags.length > 0 ? tags : null;
}

/** The version an opaque tag names, or undefined when it is not one this service could have issued. */
function versionOf(opaque: string): number | undefined {
  if (!VERSION_OPAQUE.test(opaque)) return undefined;
  const version = Number(opaque);
  return version <= MAX_INT_ID ? version : undefined;
}

/**
 * Whether `If-None-Match` names the entry's version (or is `*`): the client's copy is current, answer 304. This is
 * the weak comparison RFC 9110 §13.1.2 prescribes (`W/"3"` matches version 3). A malformed header is ignored: the
 * full response is always a correct answer to a GET.
 */
export function isNotModified(request: FastifyRequest, entry: CacheEntry): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value.length > MAX_IF_NONE_MATCH_LENGTH) return false;
  const tags = parseEntityTags(value, Number.MAX_SAFE_INTEGER);
  if (tags === '*') return true;
  return Array.isArray(tags) && tags.some((tag) => versionOf(tag.opaque) === entry.version);
}

/**
 * The condition an `If-Match` header puts on a write (RFC 9110 §13.1.1), undefined without the header:
 * - `*`: the entity must exist;
 * - a list of entity tags: the current version must be one that a strong tag names. If-Match uses the strong
 *   comparison, so a weak tag `W/"3"` never matches, and neither does a well-formed tag that is no version of ours
 *   (`"abc"`); a list of only such tags is a condition nothing meets (412).
 *
 * A malformed header, one longer than {@link MAX_IF_MATCH_LENGTH} characters or listing more than
 * {@link MAX_IF_MATCH_TAGS} tags is refused with a 400 that says what is expected.
 */
export function parseIfMatch(header: unknown): VersionCondition | undefined {
  if (header === undefined) return undefined;
  const isText =
    typeof header === 'string' || (Array.isArray(header) && header.every((h) => typeof h === 'string'));
  const text = isText ? (header as string | string[]) : '';
  const length = Array.isArray(text) ? text.join(', ').length : text.length;
  if (length > MAX_IF_MATCH_LENGTH)
    throw new InvalidInputError(
      `If-Match may be at most ${MAX_IF_MATCH_LENGTH} characters long, got ${length}`,
    );
  const tags = isText ? parseEntityTags(text, MAX_IF_MATCH_TAGS) : null;
  if (tags === 'too many')
    throw new InvalidInputError(`If-Match may list at most ${MAX_IF_MATCH_TAGS} entity tags`);
  if (tags === null)
    throw new InvalidInputError(
      `If-Match must be * or a comma-separated list of entity tags such as "3" or "2", "3" ` +
        `(the ETag of a GET), got ${JSON.stringify(header).slice(0, 60)}`,
    );
  if (tags === '*') return { any: true };
  const versions = new Set<number>();
  for (const tag of tags) {
    const version = tag.weak ? undefined : versionOf(tag.opaque);
    if (version !== undefined) versions.add(version);
  }
  return { oneOf: [...versions] };
}
