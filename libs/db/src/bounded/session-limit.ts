import type { PoolConnection } from 'mysql2';

type Flavor = 'mariadb' | 'mysql';
const UNKNOWN_SYSTEM_VARIABLE = 1193;

/**
 * Sets MySQL's own time limits on each pooled connection, once: the server then ends a statement that runs too long
 * even when the client has already given up on it. The statement limit is `max_statement_time` on MariaDB (seconds,
 * every statement) and `max_execution_time` on MySQL 8 (ms, read-only SELECTs only); the first connection finds out
 * which one answers. A lock wait is limited on both by `innodb_lock_wait_timeout` (whole seconds).
 */
export class SessionLimit {
  private readonly limited = new WeakSet<object>();
  private flavor?: Flavor;

  constructor(
    private readonly limitMs: number,
    private readonly lockWaitMs: number,
  ) {}

  async apply(connection: PoolConnection): Promise<void> {
    if (this.limited.has(connection)) return;
    const db = connection.promise();
    await db.query(
      `SET SESSION innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(this.lockWaitMs / 1000))}`,
    );
    if (this.flavor !== 'mysql') {
      try {
        await db.query(`SET SESSION max_statement_time = ${this.limitMs / 1000}`);
        this.flavor = 'mariadb';
      } catch (error) {
        if ((error as { errno?: number }).errno !== UNKNOWN_SYSTEM_VARIABLE) throw error;
        this.flavor = 'mysql';
      }
    }
    if (this.flavor === 'mysql') await db.query(`SET SESSION max_execution_time = ${this.limitMs}`);
    this.limited.add(connection);
  }
}
