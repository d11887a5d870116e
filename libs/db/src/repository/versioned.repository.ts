import {
  acceptedVersions,
  PreconditionFailedError,
  satisfiesVersion,
  type AppError,
  type VersionCondition,
} from '@fleetcache/core';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { BoundedDb } from '../bounded/bounded-db';
import { isDuplicateKeyError } from '../errors/db-errors';

/** Columns every versioned entity has. */
export interface VersionedRow extends ObjectLiteral {
  id: number;
  version: number;
}

/** How a versioned table reports its domain errors. */
export interface VersionedErrors<F> {
  /** The error for an absent id. */
  notFound(id: number): AppError;
  /** The error for a unique-key violation by `fields`; omit when the table has no unique column. */
  duplicate?(fields: Partial<F>, cause: unknown): AppError;
}

/**
 * Generic access to a table with an INT `id` and a `version` bumped by every write (the cache fence, I2).
 * Writes take the caller's transaction so that an outbox row commits with the change.
 */
export class VersionedRepository<T extends VersionedRow, F extends ObjectLiteral> {
  constructor(
    private readonly db: BoundedDb,
    private readonly target: EntityTarget<T>,
    private readonly errors: VersionedErrors<F>,
  ) {}

  /** One row by primary key, or null (within the read limits of {@link BoundedDb}). */
  findById(id: number): Promise<T | null> {
    return this.db.read((db) => db.getRepository(this.target).findOneBy({ id } as never));
  }

  /** Many rows with one `WHERE id IN (...)`; absent ids are simply missing. */
  findByIds(ids: readonly number[]): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.read((db) => db.getRepository(this.target).findBy({ id: In([...ids]) } as never));
  }

  /** Inserts a row at version 1 and returns it as stored. */
  create(tx: EntityManager, fields: F): Promise<T> {
    return this.mapDuplicate(fields, async () => {
      const result = await tx.insert(this.target, { ...fields, version: 1 } as never);
      return this.mustFind(tx, Number(result.identifiers[0]['id']));
    });
  }

  /**
   * Applies `patch` and bumps the version in one statement; returns the row as it will commit. With a `condition`
   * (If-Match) the same statement only matches the versions it accepts (`version IN (...)`, atomic with the write),
   * else PreconditionFailedError; an absent row is not-found whatever the condition.
   */
  update(tx: EntityManager, id: number, patch: Partial<F>, condition?: VersionCondition): Promise<T> {
    return this.mapDuplicate(patch, async () => {
      const set = { ...patch, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP(6)' };
      const query = tx
        .createQueryBuilder()
        .update(this.target)
        .set(set as never)
        .where('id = :id', { id });
      const versions = acceptedVersions(condition);
      if (versions?.length === 0)
        query.andWhere('1 = 0'); // only weak or foreign tags: nothing can match
      else if (versions) query.andWhere('version IN (:...versions)', { versions: [...versions] });
      const result = await query.execute();
      if (!result.affected) throw await this.whyNotChanged(tx, id, condition);
      return this.mustFind(tx, id);
    });
  }

  /**
   * Deletes a row (only at a version `condition` accepts, if given; the row is locked between the check and the
   * delete); returns the deletion version (last + 1) for its tombstone.
   */
  async delete(tx: EntityManager, id: number, condition?: VersionCondition): Promise<number> {
    const row = await tx.getRepository(this.target).findOne({
      where: { id } as never,
      select: { id: true, version: true } as never,
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw this.errors.notFound(id);
    if (!satisfiesVersion(condition, row.version))
      throw new PreconditionFailedError(id, acceptedVersions(condition) ?? [], row.version);
    await tx.delete(this.target, { id });
    return row.version + 1;
  }

  /** Runs `work` in one transaction (within the write limit of {@link BoundedDb}). */
  transaction<R>(work: (tx: EntityManager) => Promise<R>): Promise<R> {
    return this.db.transaction(work);
  }

  private async whyNotChanged(tx: EntityManager, id: number, condition?: VersionCondition): Promise<Error> {
    const row = await tx
      .getRepository(this.target)
      .findOne({ where: { id } as never, select: { id: true, version: true } as never });
    if (!row) return this.errors.notFound(id);
    return new PreconditionFailedError(id, acceptedVersions(condition) ?? [row.version], row.version);
  }

  private async mustFind(tx: EntityManager, id: number): Promise<T> {
    const row = await tx.getRepository(this.target).findOneBy({ id } as never);
    if (!row) throw this.errors.notFound(id);
    return row;
  }

  private async mapDuplicate<R>(fields: Partial<F>, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      if (this.errors.duplicate && isDuplicateKeyError(error)) throw this.errors.duplicate(fields, error);
      throw error;
    }
  }
}
