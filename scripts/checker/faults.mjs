// Faults injected while the checker runs: restart the warmer, kill a Redis master, pause Redis, restart a service,
// migrate slots (add or remove a shard), kill a Memcached node (CACHE_ENGINE=memcached: its keys are lost).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_SHARD_PORTS, MEMCACHED_NODES, REDIS_BASE_PORT, STACK_DIR } from './stack-env.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const redisCli = (port, ...args) => execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 });
/** Longest a shard command may take (two rebalance attempts of ~4,000 slots, cluster waits). */
const SHARD_TIMEOUT_MS = 300_000;

function clusterNodes() {
  return redisCli(REDIS_BASE_PORT, 'cluster', 'nodes').split('\n').filter(Boolean);
}

const portOf = (line) => Number(line.split(' ')[1].split(':')[1].split('@')[0]);

function masterPorts() {
  return clusterNodes()
    .filter((line) => line.includes('master') && !line.includes('fail'))
    .map(portOf);
}

/** Whether the cluster has the extra shard (a node on one of its ports is a member). */
export function extraShardAdded() {
  return clusterNodes().some((line) => EXTRA_SHARD_PORTS.includes(portOf(line)) && !/handshake|noaddr/.test(line));
}

/**
 * Runs `stack.sh <command>` without blocking the event loop (readers and writers keep going meanwhile). Resolves with
 * its last output line; rejects with the tail of its output when it fails or outlives `timeoutMs` (then stack.sh is
 * stopped; a redis-cli migration under way runs to its end under `timeout`, holding the stack lock, so the next
 * stack.sh command waits for it).
 */
export function stackCommand(root, command, timeoutMs = SHARD_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts', 'stack', 'stack.sh'), command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = output.trim().split('\n').map((l) => l.replace(/^\[stack\] /, ''));
      if (code === 0) resolve(lines.at(-1));
      else reject(new Error(`stack.sh ${command} failed (${code ?? signal}): ${lines.slice(-4).join(' | ')}`));
    });
  });
}

/** Back to the usual 3 masters: removes the extra shard if the cluster has it (a reshard fault left it added). */
export async function restoreCluster(root) {
  if (!extraShardAdded()) return undefined;
  return stackCommand(root, 'remove-shard');
}

/** The fault injectors, by name. Each returns a description of what it did. */
export function faultInjectors(root, fleet) {
  return {
    async warmer() {
      await fleet.warmer.stop('SIGKILL');
      await sleep(1000);
      await fleet.warmer.start();
      return 'killed the cache-warmer (SIGKILL) and started it again';
    },
    async service() {
      const victim = fleet.users[1];
      await victim.stop('SIGKILL');
      await sleep(500);
      await victim.start();
      return `killed ${victim.name} (SIGKILL) and started it again`;
    },
    async 'redis-pause'() {
      const [port] = masterPorts();
      redisCli(port, 'client', 'pause', '1500', 'ALL');
      await sleep(1600);
      return `paused all clients of the Redis master on ${port} for 1.5 s`;
    },
    async 'redis-master'() {
      const ports = masterPorts();
      const port = ports[Math.floor(Math.random() * ports.length)];
      redisCli(port, 'shutdown', 'nosave');
      await sleep(6000); // node timeout 2 s: its replica is promoted meanwhile
      execFileSync('bash', [join(root, 'scripts', 'stack', 'stack.sh'), 'up'], { stdio: 'ignore', timeout: 60_000 });
      return `killed the Redis master on ${port}; its replica took over; the node came back as a replica`;
    },
    // Slots migrate while readers and writers run: MOVED/ASK redirections, keys of a slot split between two nodes
    // mid-migration, and the sharded pub/sub channels of every moved slot changing owner (Redis sends their
    // subscribers an SUNSUBSCRIBE). Alternates: add a shard (a quarter of the slots move onto it), then remove it
    // (they move back). The checker removes a shard still added when it ends (restoreCluster).
    // The Memcached engine's counterpart of a lost master: a node dies with everything it held (no replica), its
    // keys are misses meanwhile, and it comes back empty (stack.sh up starts it again).
    async 'memcached-node'() {
      const node = MEMCACHED_NODES[Math.floor(Math.random() * MEMCACHED_NODES.length)];
      const port = node.split(':')[1];
      const pid = Number(readFileSync(join(STACK_DIR, 'memcached', port, 'memcached.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      await sleep(1500);
      await stackCommand(root, 'up', 60_000);
      return `killed the Memcached node on ${port} (SIGKILL) and started it again, empty`;
    },
    async reshard() {
      if (extraShardAdded()) return `removed the extra shard, its slots moved back: ${await stackCommand(root, 'remove-shard')}`;
      return `added a shard, slots moved onto it: ${await stackCommand(root, 'add-shard')}`;
    },
  };
}
