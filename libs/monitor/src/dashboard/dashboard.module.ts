import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DASHBOARD_OPTIONS, type DashboardOptions } from './dashboard.constants';
import { DashboardController } from './dashboard.controller';

/** The providers {@link DashboardController} needs besides METRIC_STORE and AlarmsService. */
export function dashboardProviders(options: DashboardOptions = {}): Provider[] {
  return [
    { provide: DASHBOARD_OPTIONS, useValue: options },
    // The files are read when the application starts: a build without them fails then, not on a first visit.
    { provide: DashboardAssets, useFactory: () => DashboardAssets.load() },
  ];
}

/** What {@link DashboardModule.register} takes. */
export interface DashboardModuleOptions extends DashboardOptions {
  /**
   * The modules that export METRIC_STORE and AlarmsService to the dashboard; none when a global module provides
   * them.
   */
  imports?: ModuleMetadata['imports'];
}

/**
 * The live dashboard: `GET /dashboard` (the page), `/dashboard/assets/:file` and `/dashboard/api/snapshot`, all on
 * the internal port only. Reads the metric store (METRIC_STORE) and AlarmsService, which the importing application
 * provides. An application that would rather list the parts in its own module uses {@link DashboardController}
 * and {@link dashboardProviders}.
 */
@Module({})
export class DashboardModule {
  static register(options: DashboardModuleOptions = {}): DynamicModule {
    const { imports = [], ...dashboard } = options;
    return {
      module: DashboardModule,
      imports,
      controllers: [DashboardController],
      providers: dashboardProviders(dashboard),
    };
  }
}
