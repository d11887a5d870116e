import { VersionedColumns } from '@fleetcache/db';
import { Column, Entity, Index } from 'typeorm';
import { MAX_NORMALIZED_EMAIL_LENGTH } from '../email/normalize-email';

/** A row of `users` (schema owned by the hand-written migrations in ../migrations). */
@Entity({ name: 'users' })
export class UserEntity extends VersionedColumns {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** As the client gave it (shown as is); uniqueness is decided on {@link emailNormalized}. */
  @Column({ type: 'varchar', length: 255 })
  email: string;

  /** `normalizeEmail(email)`, compared byte for byte (utf8mb4_bin) by a unique index; never shown. */
  @Index('uq_users_email_normalized', { unique: true })
  @Column({
    name: 'email_normalized',
    type: 'varchar',
    length: MAX_NORMALIZED_EMAIL_LENGTH,
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
  })
  emailNormalized: string;

  @Column({ type: 'int', nullable: true })
  age: number | null;

  @Index('idx_users_city')
  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;
}
