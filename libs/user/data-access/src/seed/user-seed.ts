import type { DataSource } from 'typeorm';
import { normalizeEmail } from '../email/normalize-email';
import { UserEntity } from '../entities/user.entity';

/** The reference architecture's three sample users. */
export const SAMPLE_USERS = Object.freeze([
  { name: 'Kim', email: 'kim@example.com', age: 28, city: 'Seoul' },
  { name: 'Lee', email: 'lee@example.com', age: 32, city: 'Busan' },
  { name: 'Park', email: 'park@example.com', age: 25, city: 'Incheon' },
]);

const CITIES = ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Daejeon', 'Gwangju', 'Ulsan', 'Suwon', null];
const BATCH = 1000;

/** A deterministic generated user number `n` (1-based). */
function generated(n: number): Pick<UserEntity, 'name' | 'email' | 'age' | 'city'> {
  return {
    name: `User ${n}`,
    email: `user${n}@example.com`,
    age: 18 + ((n * 7) % 60),
    city: CITIES[n % CITIES.length],
  };
}

/**
 * Loads the sample users and `generatedCount` generated ones (user1@example.com …). Idempotent: rows whose email
 * (as normalized) exists are left alone. Returns how many rows were inserted.
 */
export async function seedUsers(dataSource: DataSource, generatedCount: number): Promise<number> {
  let inserted = await insertIgnore(dataSource, [...SAMPLE_USERS]);
  for (let start = 1; start <= generatedCount; start += BATCH) {
    const size = Math.min(BATCH, generatedCount - start + 1);
    inserted += await insertIgnore(
      dataSource,
      Array.from({ length: size }, (_, i) => generated(start + i)),
    );
  }
  return inserted;
}

async function insertIgnore(
  dataSource: DataSource,
  rows: Pick<UserEntity, 'name' | 'email' | 'age' | 'city'>[],
): Promise<number> {
  const result = await dataSource
    .createQueryBuilder()
    .insert()
    .into(UserEntity)
    .values(rows.map((row) => ({ ...row, emailNormalized: normalizeEmail(row.email) })))
    .orIgnore()
    .updateEntity(false)
    .execute();
  return (result.raw as { affectedRows?: number }).affectedRows ?? 0;
}
