import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';

/** Longest a `stats` reply may be (a node's stats are ~2 KB). */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * Asks one Memcached node for `stats` on a connection of its own, closed after the reply. Resolves with the
 * `STAT name value` lines by name; rejects on a timeout, an error reply, a reply over 64 KB or a closed connection.
 */
export function memcachedStats(
  host: string,
  port: number,
  timeoutMs: number,
  tls?: ConnectionOptions,
): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const socket: Socket = tls ? connectTls({ host, port, ...tls }) : connectTcp({ host, port });
    let reply = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(parseStats(reply));
    };
    const timer = setTimeout(() => finish(new Error(`stats timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write('stats\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.length > MAX_REPLY_BYTES) finish(new Error('stats reply too long'));
      else if (/^(ERROR|CLIENT_ERROR|SERVER_ERROR)/m.test(reply))
        finish(new Error(reply.trim().slice(0, 200)));
      else if (reply.endsWith('END\r\n')) finish();
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('connection closed before the stats ended')));
  });
}

function parseStats(reply: string): Map<string, string> {
  const stats = new Map<string, string>();
  for (const line of reply.split('\r\n')) {
    const [tag, name, value] = line.split(' ');
    if (tag === 'STAT' && name && value !== undefined) stats.set(name, value);
  }
  return stats;
}
