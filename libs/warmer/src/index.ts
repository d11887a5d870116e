export { WarmerAppModule } from './app/warmer-app.module';
export { createWarmerApp, WARMER_INFO } from './app/warmer.main';
export { warmerEnvSchemas, WarmerEnv, WarmerHttpEnv, type WarmerServiceEnv } from './warmer.env';
export { serviceUrlVariables } from './replay/event-sources';
export { ReplayService } from './replay/replay.service';
export { WarmupService } from './warmup/warmup.service';
export { ChangeApplier } from './apply/change-applier.service';
