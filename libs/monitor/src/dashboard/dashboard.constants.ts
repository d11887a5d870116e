/** The injection token of the dashboard's {@link DashboardOptions}. */
export const DASHBOARD_OPTIONS = Symbol('fleetcache.monitor.dashboard-options');

/** How the dashboard behaves. */
export interface DashboardOptions {
  /** How often the collector samples, ms: the page polls at this period when it is shorter than the default. */
  collectPeriodMs?: number;
}

/** How often the page asks for a snapshot, at most, ms. */
export const DEFAULT_REFRESH_MS = 2000;
/** Shortest refresh the page is told to use, ms (a collector sampling faster gains nothing from faster polls). */
export const MIN_REFRESH_MS = 250;
/** What a snapshot covers without `since`: the last hour, ms. */
export const DEFAULT_WINDOW_MS = 60 * 60 * 1000;
