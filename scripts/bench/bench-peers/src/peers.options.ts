/** Settings of the peer routes. */
export interface PeersOptions {
  /** `host:port` seed nodes of the Redis Cluster the peers cache in (the same cluster fleetcache uses). */
  redisNodes: string[];
  /** File holding the floor's constant body; without it the floor answers a body built from user 1. */
  floorBodyFile?: string;
}

export const PEERS_OPTIONS = Symbol('bench.peers-options');

/** ioredis-style `{ host, port }` of each seed node. */
export function seedNodes(options: PeersOptions): { host: string; port: number }[] {
  return options.redisNodes.map((node) => {
    const [host = '127.0.0.1', port = '7000'] = node.split(':');
    return { host, port: Number(port) };
  });
}
