import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { DEPENDENCY_PROBES, type DependencyProbe } from './health.options';
import { ServingState } from './serving-state';

/**
 * GET /health/live and /health/ready (terminus), and the process's {@link ServingState}. Needs the cache module;
 * `HealthModule.withProbes([...])` adds dependencies that readiness reports on (the entity services add MySQL).
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ServingState, { provide: DEPENDENCY_PROBES, useValue: [] }],
  exports: [ServingState],
})
export class HealthModule {
  /** The health endpoints, with `probes` (providers implementing {@link DependencyProbe}) in readiness. */
  static withProbes(probes: Type<DependencyProbe>[]): DynamicModule {
    return {
      module: HealthModule,
      providers: [
        ...probes,
        { provide: DEPENDENCY_PROBES, inject: probes, useFactory: (...found: DependencyProbe[]) => found },
      ],
    };
  }
}
