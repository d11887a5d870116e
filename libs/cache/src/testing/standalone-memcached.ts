import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killAndWait, selfSignedCertificate } from './standalone-redis';

/** A throwaway memcached on a free loopback port: a node a test may kill, restart or serve with TLS. */
export class StandaloneMemcached {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'fc-memcached-'));
  port = 0;

  /** Starts memcached (on the same port again after {@link stop}) and resolves once it accepts connections. */
  async start({ tls = false } = {}): Promise<this> {
    this.port ||= await freePort();
    const args = ['-p', String(this.port), '-l', '127.0.0.1', '-U', '0', '-m', '32'];
    if (process.getuid?.() === 0) args.push('-u', 'root');
    if (tls) {
      const { cert, key } = selfSignedCertificate(this.dir);
      args.push('-Z', '-o', `ssl_chain_cert=${cert},ssl_key=${key}`);
    }
    const child = spawn('memcached', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null) throw new Error(`memcached exited with ${child.exitCode}: ${log}`);
      if (Date.now() > deadline) throw new Error(`memcached did not start: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this;
  }

  /** `127.0.0.1:<port>`. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The certificate a TLS node serves (its own CA). */
  get certificate(): string {
    return join(this.dir, 'cert.pem');
  }

  /** Kills the node (SIGKILL: what it held is gone). */
  async stop(): Promise<void> {
    await killAndWait(this.process);
  }

  /** Stops the node and deletes its files. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
