import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { HealthController } from './health.controller';
import { ServingState } from './serving-state';

/**
 * GET /health/live and /health/ready (terminus), and the process's {@link ServingState}. Needs the cache module;
 * reports MySQL when the application has a TypeORM data source.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, ServingState],
  exports: [ServingState],
})
export class HealthModule {}
