import { elapsedMs } from '@fleetcache/platform';
import type { BatchResult, LoadResult, CacheEntry } from '@fleetcache/cache';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, isNotModified } from './validators';

/**
 * The single-read envelope `{ source, data, response_time_ms }` with X-Cache-Status (HIT, MISS, STALE) and ETag; 304 without a body
 * when If-None-Match names the current version. The cached JSON is spliced in as is: a hit never parses or
 * re-serialises the entity.
 */
export function readResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  result: LoadResult & { entry: CacheEntry },
): string {
  const { entry, source } = result;
  const status = result.stale ? 'STALE' : source === 'cache' ? 'HIT' : 'MISS';
  reply.header('X-Cache-Status', status).header('ETag', etagOf(entry.version));
  if (result.tier) reply.header('X-Cache-Tier', result.tier);
  if (isNotModified(request, entry)) {
    void reply.status(304);
    return '';
  }
  reply.type('application/json');
  return `{"source":"${source}","data":${entry.json},"response_time_ms":${elapsedMs(request)}}`;
}

/** The batch-read envelope `{ data: [entity|null…], hits, misses, response_time_ms }`. */
export function batchResponse(request: FastifyRequest, reply: FastifyReply, result: BatchResult): string {
  reply.type('application/json');
  const data = result.entries.map((entry) => entry?.json ?? 'null').join(',');
  return `{"data":[${data}],"hits":${result.hits},"misses":${result.misses},"response_time_ms":${elapsedMs(request)}}`;
}
