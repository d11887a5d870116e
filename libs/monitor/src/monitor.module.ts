import { Module, type DynamicModule } from '@nestjs/common';
import { AlarmsController } from './alarms/alarms.controller';
import { AlarmsService } from './alarms/alarms.service';
import { CollectorService } from './collect/collector.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { dashboardProviders } from './dashboard/dashboard.module';
import { MonitorMetrics } from './metrics/monitor-metrics';
import { METRIC_STORE, MONITOR_SETTINGS } from './monitor.constants';
import type { MonitorSettings } from './monitor.settings';
import { MetricStore } from './store/metric-store';

/** The collector, the metric store, the alarms, GET /alarms and the dashboard, for `settings`. */
@Module({})
export class MonitorModule {
  static forRoot(settings: MonitorSettings): DynamicModule {
    return {
      module: MonitorModule,
      controllers: [AlarmsController, DashboardController],
      providers: [
        { provide: MONITOR_SETTINGS, useValue: settings },
        { provide: METRIC_STORE, useValue: new MetricStore(settings.historyPoints) },
        MonitorMetrics,
        AlarmsService,
        CollectorService,
        ...dashboardProviders({ collectPeriodMs: settings.periodMs }),
      ],
      exports: [METRIC_STORE, AlarmsService, CollectorService],
    };
  }
}
