import { VersionedColumns } from '@fleetcache/db';
import { Column, Entity, Index } from 'typeorm';

/** A row of `users` (schema owned by the hand-written migrations in ../migrations). */
@Entity({ name: 'users' })
export class UserEntity extends VersionedColumns {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'int', nullable: true })
  age: number | null;

  @Index('idx_users_city')
  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;
}
