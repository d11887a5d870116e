import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DbEnv } from '../config/db.env';

/** How long and how much this process may ask of MySQL. */
export interface DbLimits {
  /** Longest a read may take, waiting for a connection included. */
  readTimeoutMs: number;
  /** Longest a write transaction may take, from asking for a connection to COMMIT. */
  writeTimeoutMs: number;
  /** Most reads in flight in this process; more are refused (503) instead of queued. */
  maxConcurrentReads: number;
}

/** The limits from validated env. */
export function dbLimitsFromEnv(env: DbEnv): DbLimits {
  return {
    readTimeoutMs: env.DB_READ_TIMEOUT_MS,
    writeTimeoutMs: env.DB_WRITE_TIMEOUT_MS,
    maxConcurrentReads: env.DB_MAX_CONCURRENT_READS,
  };
}

/** Builder of `BoundedDbModule.forRoot(limits)` / `forRootAsync({ useFactory })`. */
export const { ConfigurableModuleClass: BoundedDbModuleClass, MODULE_OPTIONS_TOKEN: DB_LIMITS } =
  new ConfigurableModuleBuilder<DbLimits>()
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
