import { createConnection, type Connection } from 'mysql2/promise';
import { createHttpApp } from '@fleetcache/platform';
import { listenForTest, testEnv, type RunningService } from '@fleetcache/platform/testing';
import { ServiceAppModule, validateServiceEnv } from './app/service-app.module';
import { ENTITY_SERVICE_EDGE, type ServiceMain } from './app/service-main';

/** Starts an entity service in this process over real HTTP. */
export async function startService(
  main: ServiceMain,
  overrides: Record<string, string> = {},
): Promise<RunningService> {
  const env = testEnv(overrides);
  const validated = validateServiceEnv(env, main.definition);
  return listenForTest(
    await createHttpApp(
      ServiceAppModule.forRoot(validated, main.definition),
      main.info,
      validated,
      ENTITY_SERVICE_EDGE,
    ),
    env,
  );
}

/** A connection of its own to the local stack's test database (outside any service's pool). */
export function openTestDb(): Promise<Connection> {
  return createConnection({
    host: '127.0.0.1',
    port: 3307,
    user: 'fleetcache',
    password: 'fleetcache',
    database: 'fleetcache_test',
  });
}
