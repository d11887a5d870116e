import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MAX_NORMALIZED_EMAIL_LENGTH, normalizeEmail } from '../email/normalize-email';

const BATCH = 1000;
const COLUMN = `email_normalized VARCHAR(${MAX_NORMALIZED_EMAIL_LENGTH}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;
/** Duplicate groups named in the error, at most. */
const SHOWN = 5;

/**
 * Moves email uniqueness from `email` (utf8mb4_unicode_ci: case- and accent-insensitive, so `abusé@x.com` blocked
 * `abuse@x.com`) to the new `email_normalized`: `normalizeEmail(email)`, compared byte for byte (utf8mb4_bin).
 *
 * MySQL commits each DDL statement on its own, so this migration runs outside a transaction and each step can run
 * again after a failure (the next start resumes):
 * 1. add the column, nullable;
 * 2. fill it for every row, in batches by id, leaving `updated_at` and `version` alone (cached copies of the rows
 *    carry them, and the rows did not change);
 * 3. stop if two users share a normalized email, with an error that says how many and which ids (nothing is merged
 *    or dropped: someone has to decide which user keeps the address);
 * 4. in one ALTER: make the column NOT NULL, add its unique index, drop the unique index on `email`.
 */
export class AddUsersEmailNormalized1763700003000 implements MigrationInterface {
  name = 'AddUsersEmailNormalized1763700003000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await hasColumn(queryRunner, 'email_normalized')))
      await queryRunner.query(`ALTER TABLE users ADD COLUMN ${COLUMN} NULL AFTER email`);
    await backfill(queryRunner);
    await refuseDuplicates(queryRunner);
    await backfill(queryRunner); // rows written meanwhile by instances that do not know the column yet
    const changes = [`MODIFY ${COLUMN} NOT NULL`];
    if (!(await hasIndex(queryRunner, 'uq_users_email_normalized')))
      changes.push('ADD UNIQUE KEY uq_users_email_normalized (email_normalized)');
    if (await hasIndex(queryRunner, 'uq_users_email')) changes.push('DROP INDEX uq_users_email');
    await queryRunner.query(`ALTER TABLE users ${changes.join(', ')}`);
  }

  /** Fails (MySQL's duplicate-key error) when two emails differ only in ways the old collation ignored. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE users ADD UNIQUE KEY uq_users_email (email), DROP INDEX uq_users_email_normalized, DROP COLUMN email_normalized',
    );
  }
}

/** Sets `email_normalized` wherever it is missing or stale. */
async function backfill(queryRunner: QueryRunner): Promise<void> {
  for (let after = 0; ;) {
    const rows: { id: number; email: string; email_normalized: string | null }[] = await queryRunner.query(
      'SELECT id, email, email_normalized FROM users WHERE id > ? ORDER BY id LIMIT ?',
      [after, BATCH],
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const stale = rows
      .map((row) => ({ id: row.id, key: normalizeEmail(row.email), stored: row.email_normalized }))
      .filter((row) => row.key !== row.stored);
    if (stale.length === 0) continue;
    // Assigning updated_at to itself keeps its ON UPDATE CURRENT_TIMESTAMP from firing.
    await queryRunner.query(
      `UPDATE users SET email_normalized = CASE id ${stale.map(() => 'WHEN ? THEN ?').join(' ')} END,
         updated_at = updated_at
       WHERE id IN (${stale.map(() => '?').join(', ')})`,
      [...stale.flatMap((row) => [row.id, row.key]), ...stale.map((row) => row.id)],
    );
  }
}

/** Throws when users share a normalized email, naming how many and (some of) their ids. */
async function refuseDuplicates(queryRunner: QueryRunner): Promise<void> {
  const groups: { n: number | string; ids: string }[] = await queryRunner.query(
    `SELECT COUNT(*) AS n, GROUP_CONCAT(id ORDER BY id SEPARATOR ', ') AS ids
       FROM users GROUP BY email_normalized HAVING COUNT(*) > 1 ORDER BY MIN(id)`,
  );
  if (groups.length === 0) return;
  const users = groups.reduce((sum, group) => sum + Number(group.n), 0);
  const shown = groups
    .slice(0, SHOWN)
    .map((group) => `[${group.ids}]`)
    .join(' ');
  throw new Error(
    `Cannot make email_normalized unique: ${groups.length} normalized email(s) are each held by more than one user ` +
      `(${users} users in all; ids ${shown}${groups.length > SHOWN ? ' …' : ''}). Emails now compare case-insensitively ` +
      'for ASCII local parts and domains. Change or delete the duplicates, then start again: the migration resumes.',
  );
}

// SHOW (not information_schema) so that the steps also see a session's TEMPORARY users table (the migration's test).
async function hasColumn(queryRunner: QueryRunner, name: string): Promise<boolean> {
  const rows: unknown[] = await queryRunner.query('SHOW COLUMNS FROM users LIKE ?', [name]);
  return rows.length > 0;
}

async function hasIndex(queryRunner: QueryRunner, name: string): Promise<boolean> {
  const rows: unknown[] = await queryRunner.query('SHOW INDEX FROM users WHERE Key_name = ?', [name]);
  return rows.length > 0;
}
