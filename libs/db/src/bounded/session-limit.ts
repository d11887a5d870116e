import type { PoolConnection } from 'mysql2';

type Flavor = 'mariadb' | 'mysql';
const UNKNOWN_SYSTEM_VARIABLE = 1193;

/**
 * Sets MySQL's own per-statement time limit on each pooled connection, once: the server then ends a statement that
 * runs too long even when the client has already given up on it. MariaDB calls it `max_statement_time` (seconds, all
 * statements), MySQL 8 `max_execution_time` (ms, SELECTs); the first connection finds out which one answers.
 */
export class SessionLimit {
  private readonly limited = new WeakSet<object>();
  private flavor?: Flavor;

  constructor(private readonly limitMs: number) {}

  async apply(connection: PoolConnection): Promise<void> {
    if (this.limited.has(connection)) return;
    const db = connection.promise();
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
