import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OverloadedError, TimeoutError, withTimeout } from '@fleetcache/core';
import type { Socket } from 'node:net';
import type { PoolConnection } from 'mysql2';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DB_LIMITS, type DbLimits } from './db-limits';
import { SessionLimit } from './session-limit';
import { StatementKiller, type KillerTarget } from './statement-killer';

/** The connection settings of the MySQL data source (what the statement killer needs of them). */
interface MysqlTarget {
  host?: string;
  port?: number;
  username?: string;
  password?: unknown;
  connectTimeout?: number;
  ssl?: KillerTarget['ssl'];
}

/**
 * MySQL access with limits, so that a slow database is contained instead of taking the process with it:
 * - reads and write transactions have a deadline that covers waiting for a connection; past it, a connection that
 *   carries a statement is killed on the server (its statement stops, its transaction rolls back, its locks go)
 *   and destroyed here, instead of going back to the pool busy;
 * - every connection carries MySQL's own statement and lock-wait limits, a second line behind the deadline;
 * - at most `maxConcurrentReads` reads are in flight: more answer 503 at once (load shedding).
 * The pool's wait queue is bounded too (`queueLimit`, see dataSourceOptions).
 */
@Injectable()
export class BoundedDb implements OnApplicationShutdown {
  private readsInFlight = 0;
  private readonly sessionLimit: SessionLimit;
  private readonly killer: StatementKiller;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DB_LIMITS) private readonly limits: DbLimits,
  ) {
    // The server's own limit is a backstop behind the deadlines (which KILL what they abandon); on MariaDB it covers
    // writes too, so it is the longer of the two.
    const statementLimitMs = Math.max(limits.readTimeoutMs, limits.writeTimeoutMs);
    this.sessionLimit = new SessionLimit(statementLimitMs, limits.writeTimeoutMs);
    const options = dataSource.options as MysqlTarget; // built by dataSourceOptions: a mysql data source
    this.killer = new StatementKiller({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 3306,
      user: options.username ?? '',
      password: typeof options.password === 'string' ? options.password : '',
      connectTimeoutMs: options.connectTimeout ?? 3000,
      ssl: options.ssl,
    });
  }

  /** Runs a read within the read deadline; throws OverloadedError when too many reads are in flight. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.readsInFlight >= this.limits.maxConcurrentReads) {
      throw new OverloadedError(
        `Too many database reads in flight (${this.limits.maxConcurrentReads}), try again shortly`,
      );
    }
    this.readsInFlight += 1;
    try {
      return await this.within('database read', this.limits.readTimeoutMs, (runner) => work(runner.manager));
    } finally {
      this.readsInFlight -= 1;
    }
  }

  /**
   * Runs `work` in one transaction within the write deadline. Past it the transaction is killed on the server and
   * rolls back, unless its COMMIT already went out: a 503 after a deadline does not prove the write did not happen.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.within('database write', this.limits.writeTimeoutMs, (runner) =>
      runner.manager.transaction(work),
    );
  }

  /** Runs statements that change data, outside a transaction, within the write deadline (bookkeeping writes). */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.within('database write', this.limits.writeTimeoutMs, (runner) => work(runner.manager));
  }

  /** Pings MySQL through the pool within `ms` (readiness details): not counted as a read, never shed. */
  ping(ms: number): Promise<void> {
    return this.within('database ping', ms, async (runner) => void (await runner.query('SELECT 1')));
  }

  onApplicationShutdown(): void {
    this.killer.close();
  }

  private async within<T>(what: string, ms: number, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('master');
    const connecting = runner.connect() as Promise<PoolConnection>;
    const running = connecting.then(async (connection) => {
      await this.sessionLimit.apply(connection);
      return work(runner);
    });
    try {
      return await withTimeout(running, ms, what);
    } catch (error) {
      if (error instanceof TimeoutError) this.abandon(runner, connecting);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * After a deadline: a connection already in use may still carry a statement, so its server thread is killed and
   * its socket destroyed (it leaves the pool); one still being waited for goes back to the pool when it arrives.
   */
  private abandon(runner: QueryRunner, connecting: Promise<PoolConnection>): void {
    const inUse = (runner as QueryRunner & { databaseConnection?: PoolConnection }).databaseConnection;
    if (!inUse) {
      void connecting.then(
        (late) => late.release(),
        () => undefined,
      );
      return;
    }
    this.killer.kill(inUse.threadId);
    inUse.destroy();
    (inUse as unknown as { stream?: Socket }).stream?.destroy();
  }
}
