import { validateEnv } from '@fleetcache/core';
import { DbEnv, dataSourceOptions } from '@fleetcache/db';
import { seedUsers } from '@fleetcache/user-data-access';
import { USER_SERVICE_SCHEMA } from '../app/user-service.schema';
import { DataSource } from 'typeorm';

async function withDataSource<T>(
  source: Record<string, string | undefined>,
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const env = validateEnv<DbEnv>(source, DbEnv);
  const dataSource = new DataSource({ ...dataSourceOptions(env, USER_SERVICE_SCHEMA), migrationsRun: false });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** `main.js migrate`: applies pending migrations of the user schema and prints what ran. */
export async function migrateCommand(source: Record<string, string | undefined>): Promise<void> {
  const ran = await withDataSource(source, (ds) => ds.runMigrations({ transaction: 'each' }));
  console.log(ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date');
}

/** `main.js seed [N]`: applies migrations, then loads the three sample users and N generated ones (idempotent). */
export async function seedCommand(source: Record<string, string | undefined>, count: number): Promise<void> {
  const inserted = await withDataSource(source, async (ds) => {
    await ds.runMigrations({ transaction: 'each' });
    return seedUsers(ds, count);
  });
  console.log(`seeded users: ${inserted} inserted (3 samples + ${count} generated requested)`);
}
