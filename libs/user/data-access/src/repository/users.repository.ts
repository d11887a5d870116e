import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDuplicateKeyError } from '@fleetcache/db';
import { DataSource, In, type EntityManager } from 'typeorm';
import { UserEntity } from '../entities/user.entity';
import { EmailTakenError, UserNotFoundError } from '../errors/user.errors';

/** Fields a client may set. */
export interface UserFields {
  name: string;
  email: string;
  age?: number | null;
  city?: string | null;
}

/** Access to `users`: every write bumps `version` and runs in one transaction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One user by primary key, or null. */
  findById(id: number): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** Many users with one `WHERE id IN (...)`; absent ids are simply missing. */
  findByIds(ids: readonly number[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  /** Inserts a user (version 1). Throws EmailTakenError on a duplicate email. */
  async create(fields: UserFields, tx?: EntityManager): Promise<UserEntity> {
    const manager = tx ?? this.dataSource.manager;
    try {
      const result = await manager.insert(UserEntity, { ...fields, version: 1 });
      return await this.mustFind(manager, Number(result.identifiers[0]['id']));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new EmailTakenError(fields.email, error);
      throw error;
    }
  }

  /** Applies `patch` and bumps the version in one statement inside `tx`; returns the row as committed. */
  async update(tx: EntityManager, id: number, patch: Partial<UserFields>): Promise<UserEntity> {
    try {
      const result = await tx
        .createQueryBuilder()
        .update(UserEntity)
        .set({ ...patch, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP(6)' })
        .where('id = :id', { id })
        .execute();
      if (!result.affected) throw new UserNotFoundError(id);
      return await this.mustFind(tx, id);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new EmailTakenError(patch.email ?? '', error);
      throw error;
    }
  }

  /** Deletes a user inside `tx`; returns the version of the deletion (last version + 1) for the tombstone. */
  async delete(tx: EntityManager, id: number): Promise<number> {
    const row = await tx.getRepository(UserEntity).findOne({ where: { id }, select: { id: true, version: true }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new UserNotFoundError(id);
    await tx.delete(UserEntity, { id });
    return row.version + 1;
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private async mustFind(manager: EntityManager, id: number): Promise<UserEntity> {
    const user = await manager.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new UserNotFoundError(id);
    return user;
  }
}
