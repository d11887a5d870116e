import { Logger as NestLogger } from '@nestjs/common';
import { counter } from '@fleetcache/core';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { isDuplicateKeyError } from '../errors/db-errors';

const queries = counter({
  name: 'fleetcache_db_queries_total',
  help: 'SQL statements sent to MySQL, by kind (select, insert, update, delete, other, or the kind a schema gives its tables: outbox = event outbox statements).',
  labelNames: ['kind'],
});
const KINDS = new Set(['select', 'insert', 'update', 'delete']);

/**
 * Kind of a statement: the kind of the first of `tableKinds`' tables it names (the outbox's schema counts its
 * statements, the relay's polling and bookkeeping and the insert of a write, as `outbox`, so the other kinds
 * measure what the API itself asks of MySQL), else its first keyword.
 */
export function statementKind(query: string, tableKinds: Readonly<Record<string, string>> = {}): string {
  for (const [table, kind] of Object.entries(tableKinds)) if (query.includes(table)) return kind;
  const word = query.trimStart().slice(0, 6).toLowerCase();
  return KINDS.has(word) ? word : 'other';
}

/**
 * TypeORM logger that counts every statement (the DB-query counter that tests and benchmarks read from /metrics)
 * and logs errors, slow queries and migrations through the service logger. Statements themselves are not logged.
 */
export class QueryCounterLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  /** `tableKinds`: statements naming one of these tables count as its kind. */
  constructor(private readonly tableKinds: Readonly<Record<string, string>> = {}) {}

  logQuery(query: string): void {
    queries.inc({ kind: statementKind(query, this.tableKinds) });
  }

  logQueryError(error: string | Error, query: string): void {
    // A duplicate key is an expected client error (answered 409), not a database fault.
    const expected = isDuplicateKeyError(error) || /Duplicate entry/.test(String(error));
    this.logger[expected ? 'debug' : 'error']({
      msg: 'query failed',
      err: String(error),
      query: query.slice(0, 500),
    });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow query', ms: time, query: query.slice(0, 500) });
  }

  logSchemaBuild(message: string): void {
    this.logger.debug({ msg: message });
  }

  logMigration(message: string): void {
    this.logger.log({ msg: message });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ msg: String(message) });
    else this.logger.debug({ msg: String(message) });
  }
}
