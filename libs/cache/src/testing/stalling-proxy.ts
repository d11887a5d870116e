import net from 'node:net';

/**
 * A loopback TCP proxy for fault injection: it can stall traffic (a hung, not refused, server: the failure a refused
 * port can't show) or delay every answer of the server (a slow server).
 */
export class StallingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;
  private delayMs = 0;

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.pipe(client));
  }

  /** Starts listening on a loopback port (a free one by default; the same one again after `close`) and returns it. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops forwarding bytes in both directions (connections stay open). */
  stall(): void {
    this.stalled = true;
    this.sockets.forEach((s) => s.pause());
  }

  /** Forwards again. */
  resume(): void {
    this.stalled = false;
    this.sockets.forEach((s) => s.resume());
  }

  /** Holds each chunk the server sends for `ms` before passing it on (0: no delay). Order is kept. */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** Cuts every connection and stops listening: the server is unreachable (connections are refused). */
  async close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      if (this.stalled) socket.pause();
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    // Each chunk is due `delayMs` after it arrived, and leaves in arrival order (one queue, one timer at a time).
    const queue: { at: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = () => {
      timer = undefined;
      while (queue.length > 0 && queue[0].at <= Date.now()) client.write(queue.shift()!.chunk);
      if (queue.length > 0) timer = setTimeout(drain, queue[0].at - Date.now());
    };
    upstream.on('data', (chunk: Buffer) => {
      queue.push({ at: Date.now() + this.delayMs, chunk });
      if (!timer) drain();
    });
  }
}
