import 'reflect-metadata';
import { runHttpApp } from '@fleetcache/platform';
import { AppModule } from './app/app.module';
import { migrateCommand, seedCommand } from './cli/database.command';

/** Entry point: `main.js [serve]` runs the API; `main.js migrate`; `main.js seed [count]`. */
async function main(argv: string[]): Promise<void> {
  const [command = 'serve', arg] = argv;
  if (command === 'migrate') return migrateCommand(process.env);
  if (command === 'seed') return seedCommand(process.env, parseCount(arg));
  if (command !== 'serve')
    throw new Error(`unknown command "${command}" (expected serve, migrate or seed [count])`);
  await runHttpApp(AppModule.forRoot(process.env), {
    title: 'fleetcache user-service',
    description: 'Users over MySQL, read through the Redis Cluster cache (cache-aside, fenced writes).',
  });
}

function parseCount(raw: string | undefined): number {
  const count = raw === undefined || raw === '' ? 1000 : Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
    throw new Error(`seed count must be 0..1000000, got "${raw}"`);
  return count;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
