import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateEnv } from '@fleetcache/core';
import { createHttpApp, type ServiceInfo } from '@fleetcache/platform';
import { MONITOR_ENV_SCHEMAS, type MonitorServiceEnv } from '../monitor.env';
import { monitorSettingsFromEnv } from '../monitor.settings';
import { MonitorAppModule } from './monitor-app.module';

/** How the cache-monitor describes itself. */
export const MONITOR_INFO: ServiceInfo = {
  title: 'fleetcache cache-monitor',
  description:
    'Samples every Redis and Memcached node and the services, under CloudWatch metric names; evaluates alarms; serves the dashboard.',
};

/** Creates the cache-monitor (validated env, alarms file read); does not listen. */
export async function createMonitorApp(
  rawEnv: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const env = validateEnv<MonitorServiceEnv>(rawEnv, ...MONITOR_ENV_SCHEMAS);
  return createHttpApp(MonitorAppModule.forRoot(env, monitorSettingsFromEnv(env)), MONITOR_INFO, env);
}
