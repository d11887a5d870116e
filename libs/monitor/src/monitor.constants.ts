/** The injection token of the monitor's {@link MetricStore}. */
export const METRIC_STORE = Symbol('fleetcache.monitor.metric-store');
/** The injection token of the validated {@link MonitorSettings}. */
export const MONITOR_SETTINGS = Symbol('fleetcache.monitor.settings');
