import 'reflect-metadata';
import { listenFromConfig } from '@fleetcache/platform';
import { createMonitorApp, MONITOR_INFO } from '@fleetcache/monitor';

/** Entry point of the cache-monitor: collector, alarms, dashboard; /alarms, /dashboard and /metrics on the internal port. */
createMonitorApp(process.env)
  .then((app) => listenFromConfig(app, MONITOR_INFO))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
