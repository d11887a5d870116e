// Faults injected while the checker runs: restart the warmer, kill a Redis master, pause Redis, restart a service.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const redisCli = (port, ...args) => execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 });

function masterPorts() {
  return redisCli(7000, 'cluster', 'nodes')
    .split('\n')
    .filter((line) => line.includes('master') && !line.includes('fail'))
    .map((line) => Number(line.split(' ')[1].split(':')[1].split('@')[0]));
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
  };
}
