import { createConnection, type Connection, type ConnectionOptions } from 'mysql2';

/** Where the killer connects: the application's own server and user (a user may always end its own threads). */
export interface KillerTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  connectTimeoutMs: number;
  /** The data source's TLS settings (DB_TLS): the killer connects as securely as the pool does. */
  ssl?: ConnectionOptions['ssl'];
}

/** How long one KILL may take before the killer's connection is dropped (and opened again for the next). */
const KILL_TIMEOUT_MS = 1000;

/**
 * Ends a server thread (`KILL <id>`: its statement stops, its open transaction rolls back, its locks go) over a
 * connection of its own, outside the pool: closing a client socket does not stop a statement that is already
 * running, and the pool may be the thing that is full. Best effort and bounded: one connection, one KILL at a
 * time queued on it, each limited to a second.
 */
export class StatementKiller {
  private connection?: Connection;

  constructor(private readonly target: KillerTarget) {}

  kill(threadId: number): void {
    if (!Number.isSafeInteger(threadId)) return;
    const connection = (this.connection ??= this.open());
    connection.query({ sql: `KILL ${threadId}`, timeout: KILL_TIMEOUT_MS }, (error) => {
      if (error && (error as { errno?: number }).errno !== UNKNOWN_THREAD) this.drop(connection);
    });
  }

  close(): void {
    if (this.connection) this.drop(this.connection);
  }

  private open(): Connection {
    const connection = createConnection({
      host: this.target.host,
      port: this.target.port,
      user: this.target.user,
      password: this.target.password,
      connectTimeout: this.target.connectTimeoutMs,
      ssl: this.target.ssl,
    });
    connection.on('error', () => this.drop(connection));
    return connection;
  }

  private drop(connection: Connection): void {
    if (this.connection === connection) this.connection = undefined;
    connection.destroy();
  }
}

/** ER_NO_SUCH_THREAD: the thread ended on its own meanwhile. */
const UNKNOWN_THREAD = 1094;
