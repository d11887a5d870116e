import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway redis-server on a free loopback port (auth or TLS settings the shared stack does not have). */
export class StandaloneRedis {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'fc-redis-'));
  port = 0;

  /** Starts `redis-server` with `args` and resolves once it accepts connections. */
  async start(args: string[], { tls = false } = {}): Promise<this> {
    this.port = await freePort();
    const portArgs = tls ? ['--port', '0', '--tls-port', String(this.port)] : ['--port', String(this.port)];
    const base = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    const child = spawn('redis-server', [...base, ...portArgs, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${log}`)), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    });
    return this;
  }

  /** A self-signed certificate for 127.0.0.1 (its own CA) and the server arguments that use it. */
  selfSignedTls(): { ca: Buffer; args: string[] } {
    const { ca, cert, key } = selfSignedCertificate(this.dir);
    const args = [
      '--tls-cert-file',
      cert,
      '--tls-key-file',
      key,
      '--tls-ca-cert-file',
      cert,
      '--tls-auth-clients',
      'no',
    ];
    return { ca, args };
  }

  /** Freezes the server (SIGSTOP): it holds its connections but answers nothing, as a paused VM would. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  /** Lets a paused server run again (SIGCONT). */
  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    await killAndWait(this.process);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills `child` (SIGKILL) unless it already ended, and resolves once it has exited. */
export async function killAndWait(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Makes a self-signed certificate for 127.0.0.1 in `dir`: its PEM (also its own CA) and the files. */
export function selfSignedCertificate(dir: string): { ca: Buffer; cert: string; key: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { ca: readFileSync(cert), cert, key };
}

/** A free TCP port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
