import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { Logger } from '@nestjs/common';
import { throttle, withTimeout } from '@fleetcache/core';
import type { MemcachedNode } from './memcached.options';

/** A cluster's configuration as its configuration endpoint gives it: a version and the node list. */
export interface ClusterConfig {
  version: number;
  nodes: MemcachedNode[];
}

const END = '\r\nEND\r\n';
/** Most nodes a configuration may list (each costs 160 ring points and a connection). */
export const MAX_NODES = 500;
const MAX_REPLY_BYTES = 1 << 20;

/**
 * Parses the reply to `config get cluster` (ElastiCache's auto discovery):
 * `CONFIG cluster 0 <bytes>\r\n<version>\n<host>|<ip>|<port> …\n\r\nEND\r\n`. A node is named (and hashed on the
 * ring, and its certificate checked) by its host name, and reached by its IP when the reply gives one, so a node
 * whose IP changes keeps its keys. Throws on anything else, on a list without nodes or with more than
 * {@link MAX_NODES}.
 */
export function parseClusterConfig(reply: string): ClusterConfig {
  const header = /^CONFIG cluster \d+ (\d+)\r\n/.exec(reply);
  if (!header) throw new Error(`not a cluster configuration: ${JSON.stringify(reply.slice(0, 60))}`);
  const body = reply.slice(header[0].length, header[0].length + Number(header[1]));
  const [versionLine = '', nodesLine = ''] = body.split('\n');
  if (!/^\d{1,15}$/.test(versionLine.trim())) throw new Error(`bad configuration version: ${versionLine}`);
  const nodes = nodesLine
    .trim()
    .split(/\s+/)
    .filter((entry) => entry !== '')
    .map(parseNodeEntry);
  if (nodes.length === 0) throw new Error('the configuration lists no nodes');
  if (nodes.length > MAX_NODES)
    throw new Error(`the configuration lists ${nodes.length} nodes, over ${MAX_NODES}`);
  return { version: Number(versionLine.trim()), nodes };
}

function parseNodeEntry(entry: string): MemcachedNode {
  const [host = '', ip = '', port = ''] = entry.split('|');
  const portNumber = Number(port);
  if ((!host && !ip) || !/^\d{1,5}$/.test(port) || portNumber < 1 || portNumber > 65535)
    throw new Error(`bad node entry: ${entry}`);
  return host && ip ? { host, port: portNumber, ip } : { host: host || ip, port: portNumber };
}

/** Asks a configuration endpoint for the cluster's configuration, on a connection of its own. */
export function fetchClusterConfig(
  endpoint: MemcachedNode,
  timeoutMs: number,
  tls?: ConnectionOptions,
): Promise<ClusterConfig> {
  let socket: Socket | undefined;
  const reply = new Promise<string>((resolve, reject) => {
    const { host, port } = endpoint;
    socket = tls ? connectTls({ host, port, ...tls }) : connectTcp({ host, port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.endsWith(END) || /^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(text)) resolve(text);
      else if (text.length > MAX_REPLY_BYTES) reject(new Error('configuration reply too long'));
    });
    socket.on('error', reject);
    socket.on('close', () =>
      reject(new Error(`configuration endpoint closed the connection: ${JSON.stringify(text.slice(0, 60))}`)),
    );
    socket.write('config get cluster\r\n');
  });
  return withTimeout(reply, timeoutMs, 'memcached config get cluster')
    .then(parseClusterConfig)
    .finally(() => socket?.destroy());
}

/**
 * Auto discovery like ElastiCache's: polls the configuration endpoint every `pollMs` and hands the node list on
 * only when its version changes (the hash ring is rebuilt then, not on every poll). A poll that fails or gets a
 * malformed reply keeps the current list and is logged (at most once a second); before the first good reply the
 * endpoint is asked every second.
 */
export class AutoDiscovery {
  private readonly logger = new Logger(AutoDiscovery.name);
  private readonly logGate = throttle(1000);
  private version?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly endpoint: MemcachedNode,
    private readonly pollMs: number,
    private readonly timeoutMs: number,
    private readonly onNodes: (nodes: MemcachedNode[], version: number) => void,
    private readonly tls?: ConnectionOptions,
  ) {}

  /** Polls once now (so the ring is known before the first request when the endpoint answers), then every `pollMs`. */
  async start(): Promise<void> {
    await this.poll();
  }

  /** Stops polling. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The configuration version in use; undefined before the first good reply. */
  get currentVersion(): number | undefined {
    return this.version;
  }

  /** One poll: applies a new version, keeps the list on failure; then schedules the next. */
  async poll(): Promise<void> {
    clearTimeout(this.timer);
    try {
      const config = await fetchClusterConfig(this.endpoint, this.timeoutMs, this.tls);
      if (config.version !== this.version) {
        this.onNodes(config.nodes, config.version);
        this.version = config.version;
        this.logger.log({
          msg: 'memcached cluster configuration changed',
          version: config.version,
          nodes: config.nodes.length,
        });
      }
    } catch (error) {
      if (this.logGate())
        this.logger.warn({
          msg: 'memcached auto discovery failed; keeping the current nodes',
          err: String(error),
        });
    }
    // Until a first good reply there are no nodes at all (every read a miss): ask again within a second.
    const delay = this.version === undefined ? Math.min(this.pollMs, 1000) : this.pollMs;
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), delay).unref();
  }
}
