import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { SERVICE_ENV } from '@fleetcache/platform';
import { createWarmerApp, type WarmerServiceEnv } from '@fleetcache/warmer';

/** Entry point of the cache-warmer: event consumer plus /health and /metrics on HTTP. */
async function main(): Promise<void> {
  const app = await createWarmerApp(process.env);
  const env = app.get<WarmerServiceEnv>(SERVICE_ENV);
  await app.listen(env.PORT, env.HOST);
  app.get(Logger).log({ msg: 'fleetcache cache-warmer listening', url: await app.getUrl() }, 'Bootstrap');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
