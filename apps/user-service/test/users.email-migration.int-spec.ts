import { AddUsersEmailNormalized1763700003000, normalizeEmail } from '@fleetcache/user-data-access';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * The migration that moves email uniqueness to `email_normalized`, on MariaDB. The shared test database was migrated
 * by the first service start; the other cases run the migration on a TEMPORARY `users` table of one connection (it
 * hides the shared table from that connection only, so nothing else sees these rows): an empty table as a fresh
 * database has it, one holding rows, and one holding two users that only the new rule tells apart.
 */
describe('Migration AddUsersEmailNormalized1763700003000', () => {
  const migration = new AddUsersEmailNormalized1763700003000();
  let dataSource: DataSource;
  let session: QueryRunner;

  /** The `users` table as the first migration creates it, but TEMPORARY. */
  const createOldTable = () =>
    session.query(`
      CREATE TEMPORARY TABLE users (
        id INT NOT NULL AUTO_INCREMENT,
        name VARCHAR(100) NOT NULL,
        email VARCHAR(255) NOT NULL,
        age INT NULL,
        city VARCHAR(100) NULL,
        created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        version INT NOT NULL DEFAULT 1,
        PRIMARY KEY (id),
        UNIQUE KEY uq_users_email (email),
        KEY idx_users_city (city)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  const insertOld = (email: string, version = 1) =>
    session.query(
      "INSERT INTO users (name, email, version, updated_at) VALUES ('Old', ?, ?, '2025-01-02 03:04:05.678901')",
      [email, version],
    );
  const indexes = async () =>
    [
      ...new Set(
        ((await session.query('SHOW INDEX FROM users')) as { Key_name: string }[]).map((r) => r.Key_name),
      ),
    ].sort();
  const column = async () =>
    (
      (await session.query("SHOW FULL COLUMNS FROM users LIKE 'email_normalized'")) as {
        Null: string;
        Collation: string;
      }[]
    )[0];

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3307,
      username: 'fleetcache',
      password: 'fleetcache',
      database: 'fleetcache_test',
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: 2,
    });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  beforeEach(async () => {
    session = dataSource.createQueryRunner();
    await session.connect();
  });
  afterEach(async () => {
    await session.query('DROP TEMPORARY TABLE IF EXISTS users');
    await session.release();
  });

  it('has migrated the shared test database: every row holds its key, the unique index is on it', async () => {
    const migrated = await dataSource.query(
      "SELECT name FROM user_service_migrations WHERE name = 'AddUsersEmailNormalized1763700003000'",
    );
    expect(migrated).toHaveLength(1);
    const rows: { email: string; email_normalized: string }[] = await dataSource.query(
      'SELECT email, email_normalized FROM users',
    );
    expect(rows.filter((row) => row.email_normalized !== normalizeEmail(row.email))).toEqual([]);
    const unique = await dataSource.query(
      "SHOW INDEX FROM users WHERE Key_name IN ('uq_users_email_normalized', 'uq_users_email')",
    );
    expect(unique.map((r: { Key_name: string }) => r.Key_name)).toEqual(['uq_users_email_normalized']);
  });

  it('on a fresh (empty) table: a NOT NULL binary-collated column, its unique index, no index on email', async () => {
    await createOldTable();
    await migration.up(session);
    expect(await column()).toMatchObject({ Null: 'NO', Collation: 'utf8mb4_bin' });
    expect(await indexes()).toEqual(['PRIMARY', 'idx_users_city', 'uq_users_email_normalized']);
    await session.query(
      "INSERT INTO users (name, email, email_normalized) VALUES ('A', 'abusé@x.com', ?), ('B', 'abuse@x.com', ?)",
      [normalizeEmail('abusé@x.com'), normalizeEmail('abuse@x.com')],
    );
    await expect(
      session.query("INSERT INTO users (name, email, email_normalized) VALUES ('C', 'ABUSE@X.com', ?)", [
        normalizeEmail('ABUSE@X.com'),
      ]),
    ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
  });

  it('on a table with rows: fills every key, leaves updated_at and version alone', async () => {
    await createOldTable();
    const emails = ['Kim@Example.com', 'lee@example.com', 'Ünïcode@Example.com', 'x@MÜNCHEN.de'];
    for (const [i, email] of emails.entries()) await insertOld(email, i + 1);
    const before = await session.query('SELECT id, updated_at, version FROM users ORDER BY id');
    await migration.up(session);
    const after = await session.query(
      'SELECT id, email, email_normalized, updated_at, version FROM users ORDER BY id',
    );
    expect(after.map((r: { email_normalized: string }) => r.email_normalized)).toEqual([
      'kim@example.com',
      'lee@example.com',
      'Ünïcode@example.com',
      'x@xn--mnchen-3ya.de',
    ]);
    expect(after.map((r: { email: string }) => r.email)).toEqual(emails);
    expect(
      after.map(({ id, updated_at, version }: Record<string, unknown>) => ({ id, updated_at, version })),
    ).toEqual(before);
    // Run again (as after a crash between the steps): nothing to do, nothing changes.
    await migration.up(session);
    expect(await session.query('SELECT id, updated_at, version FROM users ORDER BY id')).toEqual(before);
  });

  it('stops with a clear error when two users share a key, changes nothing else, and resumes once resolved', async () => {
    await createOldTable();
    await insertOld('first@example.com');
    await insertOld('kim@münchen.de'); // distinct for the old collation, one address for the new rule
    await insertOld('kim@xn--mnchen-3ya.de');
    await insertOld('Lee@München.de');
    await insertOld('lee@xn--mnchen-3ya.de');
    const failure = migration.up(session);
    await expect(failure).rejects.toThrow(
      /Cannot make email_normalized unique: 2 normalized email\(s\) are each held by more than one user \(4 users in all; ids \[2, 3\] \[4, 5\]\)/,
    );
    await expect(failure).rejects.toThrow(/Change or delete the duplicates, then start again/);
    // The old unique index still guards email; the new column is there, nullable, filled, not unique yet.
    expect(await indexes()).toEqual(['PRIMARY', 'idx_users_city', 'uq_users_email']);
    expect(await column()).toMatchObject({ Null: 'YES' });
    await session.query('DELETE FROM users WHERE id IN (3, 5)');
    await migration.up(session);
    expect(await indexes()).toEqual(['PRIMARY', 'idx_users_city', 'uq_users_email_normalized']);
    expect(await session.query('SELECT id, email_normalized FROM users ORDER BY id')).toEqual([
      { id: 1, email_normalized: 'first@example.com' },
      { id: 2, email_normalized: 'kim@xn--mnchen-3ya.de' },
      { id: 4, email_normalized: 'lee@xn--mnchen-3ya.de' },
    ]);
  });

  it('down restores the unique index on email', async () => {
    await createOldTable();
    await insertOld('kim@example.com');
    await migration.up(session);
    await migration.down(session);
    expect(await indexes()).toEqual(['PRIMARY', 'idx_users_city', 'uq_users_email']);
    expect(await column()).toBeUndefined();
  });
});
