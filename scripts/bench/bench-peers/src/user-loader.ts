import { Injectable } from '@nestjs/common';
import { toUserView, UserEntity, UserNotFoundError, type UserView } from '@fleetcache/user-data-access';
import { DataSource } from 'typeorm';

/** The peers' loader: the same primary-key read and view as user-service, counted per id. */
@Injectable()
export class UserLoader {
  private readonly loads = new Map<number, number>();
  private total = 0;

  constructor(private readonly dataSource: DataSource) {}

  async load(id: number): Promise<UserView> {
    this.total++;
    this.loads.set(id, (this.loads.get(id) ?? 0) + 1);
    const row = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!row) throw new UserNotFoundError(id);
    return toUserView(row);
  }

  /** Loads so far: in total and of one id. */
  counts(id?: number): { total: number; id?: number; loads?: number } {
    return id === undefined
      ? { total: this.total }
      : { total: this.total, id, loads: this.loads.get(id) ?? 0 };
  }
}
