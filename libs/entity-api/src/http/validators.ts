import { InvalidInputError } from '@fleetcache/core';
import type { CacheEntry } from '@fleetcache/cache';
import type { FastifyRequest } from 'fastify';

const ENTITY_TAG = /^(?:W\/)?"([1-9][0-9]{0,9})"$/;

/** The ETag of a version: `"3"` (strong: one version has one representation). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Whether `If-None-Match` names the entry's version (or `*`): the client's copy is current, answer 304. */
export function isNotModified(request: FastifyRequest, entry: CacheEntry): boolean {
  const header = request.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || ENTITY_TAG.exec(trimmed)?.[1] === String(entry.version);
  });
}

/**
 * The version an `If-Match` header requires: undefined without the header or with `*`. Anything but one entity tag
 * of a version is refused with a 400 that says what is expected.
 */
export function parseIfMatch(header: unknown): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = typeof header === 'string' ? ENTITY_TAG.exec(header.trim()) : null;
  if (!match)
    throw new InvalidInputError(
      `If-Match must be one entity tag such as "3" (the ETag of a GET), got ${JSON.stringify(header).slice(0, 60)}`,
    );
  return Number(match[1]);
}
