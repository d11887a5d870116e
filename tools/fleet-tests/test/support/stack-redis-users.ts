import { Redis } from 'ioredis';

// The local stack as scripts/stack/stack.sh starts it: its STACK_* overrides (a private stack beside the usual one)
// or the usual ports.
/** The first node of the stack's cluster. */
export const BASE_PORT = Number(process.env.STACK_REDIS_BASE_PORT || 7000);
const MARIADB_PORT = process.env.STACK_MARIADB_PORT || '3307';

/** The apps' Redis ACL users on the local stack (k8s/base/redis/acl-users.sh, local development passwords). */
export const STACK_USERS = {
  service: { username: 'fleetcache-service', password: 'fleetcache-service-dev' },
  warmer: { username: 'fleetcache-warmer', password: 'fleetcache-warmer-dev' },
} as const;

/** Env that points an app at the stack's cluster and MariaDB. */
export const STACK_ENV = {
  REDIS_NODES: [0, 1, 2].map((i) => `127.0.0.1:${BASE_PORT + i}`).join(','),
  DB_PORT: MARIADB_PORT,
};

/** One connection to the cluster node on `port`: as the stack's administrator (its default user), or as `user`. */
export function node(port = BASE_PORT, user: { username?: string; password?: string } = {}): Redis {
  return new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, ...user });
}

/** Ports of every node of the stack's cluster (the extra shard's too, when it is there). */
export async function clusterPorts(): Promise<number[]> {
  const admin = node();
  try {
    const nodes = String(await admin.cluster('NODES'));
    return nodes
      .split('\n')
      .filter((line) => line.trim() !== '' && !/\b(fail|noaddr|handshake)\b/.test(line.split(' ')[2] ?? ''))
      .map((line) => Number(/:(\d+)@/.exec(line)?.[1]));
  } finally {
    admin.disconnect();
  }
}

/** Runs `work` on an admin connection to every node of the cluster, in turn. */
export async function onEveryNode<T>(work: (node: Redis, port: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const port of await clusterPorts()) {
    const admin = node(port);
    try {
      results.push(await work(admin, port));
    } finally {
      admin.disconnect();
    }
  }
  return results;
}

/** An ACL LOG entry, as Redis reports it (the fields the tests read). */
export interface AclDenial {
  username: string;
  reason: string;
  object: string;
}

/** The ACL LOG entries of `usernames` on every node of the cluster. */
export async function aclDenials(usernames: readonly string[]): Promise<AclDenial[]> {
  const logs = await onEveryNode(async (admin) => (await admin.call('ACL', 'LOG', '1000')) as unknown[][]);
  return logs
    .flat()
    .map((entry) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < entry.length; i += 2) fields[String(entry[i])] = String(entry[i + 1]);
      return {
        username: fields['username'] ?? '',
        reason: fields['reason'] ?? '',
        object: fields['object'] ?? '',
      };
    })
    .filter((entry) => usernames.includes(entry.username));
}
