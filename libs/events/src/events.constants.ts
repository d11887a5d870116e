import { DEFAULT_KEY_PREFIX } from '@fleetcache/cache';

/** Envelope spec version this code writes and accepts. */
export const EVENT_SPEC_VERSION = 1;

/** Default prefix of event channels: the cache's default key prefix (each is set on its own). */
export const DEFAULT_EVENTS_CHANNEL_PREFIX = DEFAULT_KEY_PREFIX;

/** Default number of channel partitions per entity type (partition = id mod P). */
export const DEFAULT_EVENT_PARTITIONS = 8;

/** Change actions. */
export const EVENT_ACTIONS = ['created', 'updated', 'deleted'] as const;

/** Header that carries the shared internal token (the services' replay feed, read by the cache-warmer). */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
