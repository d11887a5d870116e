import net from 'node:net';

/** A loopback TCP proxy that can stall traffic (a hung, not refused, Redis): the failure a refused port can't show. */
export class StallingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.pipe(client));
  }

  /** Starts listening on a free loopback port and returns it. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
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
    upstream.pipe(client);
  }
}
