import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OverloadedError, TimeoutError, withTimeout } from '@fleetcache/core';
import type { PoolConnection } from 'mysql2';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DB_LIMITS, type DbLimits } from './db-limits';
import { SessionLimit } from './session-limit';

/**
 * MySQL access with limits, so that a slow database is contained instead of taking the process with it:
 * - reads and write transactions have a deadline that covers waiting for a connection; a read that gave up
 *   destroys its connection (a statement may still be running on it) instead of handing it back to the pool;
 * - every connection carries MySQL's own statement time limit, so the server stops what the client gave up;
 * - at most `maxConcurrentReads` reads are in flight: more answer 503 at once (load shedding).
 * The pool's wait queue is bounded too (`queueLimit`, see dataSourceOptions).
 */
@Injectable()
export class BoundedDb {
  private readsInFlight = 0;
  private readonly sessionLimit: SessionLimit;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DB_LIMITS) private readonly limits: DbLimits,
  ) {
    this.sessionLimit = new SessionLimit(limits.readTimeoutMs);
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

  /** Runs `work` in one transaction within the write deadline (past it the connection is cut: MySQL rolls back). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.within('database write', this.limits.writeTimeoutMs, (runner) =>
      runner.manager.transaction(work),
    );
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
      if (error instanceof TimeoutError) abandon(runner, connecting);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * After a deadline: a connection already in use may still carry a statement, so it is destroyed (MySQL then rolls
 * back an open transaction); one still being waited for goes back to the pool as soon as it arrives.
 */
function abandon(runner: QueryRunner, connecting: Promise<PoolConnection>): void {
  const inUse = (runner as QueryRunner & { databaseConnection?: PoolConnection }).databaseConnection;
  if (inUse) inUse.destroy();
  else
    void connecting.then(
      (late) => late.release(),
      () => undefined,
    );
}
