import 'reflect-metadata';
import { runServiceMain } from '@fleetcache/entity-api';
import { USER_SERVICE } from '@fleetcache/user-feature';

/** Entry point: `main.js [serve]`, `main.js migrate`, `main.js seed [count]`. */
runServiceMain(process.argv.slice(2), process.env, USER_SERVICE).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
