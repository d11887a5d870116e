import { validateEnv } from '@fleetcache/core';
import { DbEnv, dataSourceOptions } from '@fleetcache/db';
import { DataSource } from 'typeorm';
import { runHttpApp, type ServiceInfo } from '@fleetcache/platform';
import { databaseErrorBody } from '../http/database-error-body';
import {
  ServiceAppModule,
  validateServiceEnv,
  withOutbox,
  type ServiceAppDefinition,
} from './service-app.module';

/** Everything `main.js` of an entity service needs. */
export interface ServiceMain {
  definition: ServiceAppDefinition;
  info: ServiceInfo;
  /** Loads demo data (idempotent); returns rows inserted. */
  seed(dataSource: DataSource, count: number): Promise<number>;
}

type RawEnv = Record<string, string | undefined>;

/** What an entity service adds to the shared HTTP edge: MySQL's errors answered as 400 or 503. */
export const ENTITY_SERVICE_EDGE = { errorTranslators: [databaseErrorBody] };

/** `main.js [serve]` runs the API; `main.js migrate` applies migrations; `main.js seed [count]` migrates and seeds. */
export async function runServiceMain(argv: string[], rawEnv: RawEnv, main: ServiceMain): Promise<void> {
  const [command = 'serve', arg] = argv;
  if (command === 'serve') {
    const env = validateServiceEnv(rawEnv, main.definition);
    await runHttpApp(ServiceAppModule.forRoot(env, main.definition), main.info, env, ENTITY_SERVICE_EDGE);
  } else if (command === 'migrate') {
    const ran = await withDataSource(rawEnv, main, (ds) => ds.runMigrations({ transaction: 'each' }));
    console.log(ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date');
  } else if (command === 'seed') {
    const count = parseCount(arg);
    const inserted = await withDataSource(rawEnv, main, async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      return main.seed(ds, count);
    });
    console.log(
      `${main.definition.serviceName}: seeded ${inserted} rows (samples + ${count} generated requested)`,
    );
  } else {
    throw new Error(`unknown command "${command}" (expected serve, migrate or seed [count])`);
  }
}

async function withDataSource<T>(
  rawEnv: RawEnv,
  main: ServiceMain,
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const env = validateEnv<DbEnv>(rawEnv, DbEnv);
  const dataSource = new DataSource({
    ...dataSourceOptions(env, withOutbox(main.definition.schema)),
    migrationsRun: false,
  });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function parseCount(raw: string | undefined): number {
  const count = raw === undefined || raw === '' ? 1000 : Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
    throw new Error(`seed count must be 0..1000000, got "${raw}"`);
  return count;
}
