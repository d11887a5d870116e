export { WarmerAppModule } from './app/warmer-app.module';
export { createWarmerApp, WARMER_INFO } from './app/warmer.main';
export { WARMER_ENV_SCHEMAS, WarmerEnv, WarmerHttpEnv, type WarmerServiceEnv } from './warmer.env';
export { ReplayService } from './replay/replay.service';
export { WarmupService } from './warmup/warmup.service';
export { ChangeApplier } from './apply/change-applier.service';
