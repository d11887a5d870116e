export {
  MetricStore,
  seriesId,
  type Series,
  type SeriesFilter,
  type SeriesKey,
  type SeriesSource,
} from './store/metric-store';
export { ALARM_STATE_GAUGE, type AlarmStateValue, type AlarmStatus } from './alarms/alarm-state';
export { AlarmsService } from './alarms/alarms.service';
export { METRIC_STORE } from './monitor.constants';
export { MonitorModule } from './monitor.module';
export { MONITOR_SETTINGS } from './monitor.constants';
export { monitorSettingsFromEnv, type MonitorSettings } from './monitor.settings';
export { MonitorEnv, MonitorHttpEnv, MONITOR_ENV_SCHEMAS, type MonitorServiceEnv } from './monitor.env';
export { createMonitorApp, MONITOR_INFO } from './app/monitor.main';
export { CollectorService } from './collect/collector.service';
export { loadAlarmDefinitions, AlarmConfigError } from './alarms/alarm-config';
export { DEFAULT_ALARMS } from './alarms/default-alarms';
export { evaluateAlarm } from './alarms/alarm-evaluator';
export {
  DashboardModule,
  dashboardProviders,
  type DashboardModuleOptions,
} from './dashboard/dashboard.module';
export { DashboardController, parseSince, type DashboardSnapshot } from './dashboard/dashboard.controller';
export { DashboardAssets, DASHBOARD_ASSET_FILES, locateDashboardFiles } from './dashboard/dashboard-assets';
export { DASHBOARD_OPTIONS, type DashboardOptions } from './dashboard/dashboard.constants';
