import type { ConnectionOptions } from 'node:tls';

/** One Memcached node. */
export interface MemcachedNode {
  /** Its name: what the hash ring places keys by, and what a TLS certificate is checked against. */
  host: string;
  port: number;
  /** The IP to connect to, when auto discovery gave one (the name is still what the ring hashes). */
  ip?: string;
}

/** How to reach the Memcached cluster: a static node list, or a configuration endpoint to discover it from. */
export interface MemcachedOptions {
  /** The nodes, when there is no configuration endpoint. */
  nodes?: MemcachedNode[];
  /** ElastiCache-style configuration endpoint (`config get cluster`); when set, `nodes` is not used. */
  discovery?: {
    endpoint: MemcachedNode;
    /** How often the endpoint is polled, ms. Default: 60000 (ElastiCache's clients poll every minute). */
    pollMs?: number;
  };
  /** Connect with TLS: `true` (system CAs and NODE_EXTRA_CA_CERTS) or Node TLS options such as `{ ca }`. Default: false. */
  tls?: boolean | ConnectionOptions;
  /** A command with no reply for this long fails (a miss), ms. Default: 250. */
  commandTimeoutMs?: number;
}

/** How often auto discovery polls the configuration endpoint by default, ms. */
export const DEFAULT_DISCOVERY_POLL_MS = 60_000;
