import { Module, type DynamicModule } from '@nestjs/common';
import { OverloadedError, validateEnv } from '@fleetcache/core';
import { createHttpApp, LoggingModule, ServiceConfigModule, ServiceEnv } from '@fleetcache/platform';
import { listenForTest, testEnv, type RunningService } from '@fleetcache/platform/testing';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AlarmStatus, AlarmStateValue } from '../src/alarms/alarm-state';
import { AlarmsService } from '../src/alarms/alarms.service';
import { DashboardModule } from '../src/dashboard/dashboard.module';
import { METRIC_STORE } from '../src/monitor.constants';
import { MetricStore, type SeriesKey } from '../src/store/metric-store';

/** The alarms the page shows: whatever the test sets (until the real AlarmsService raises them from the store). */
export class TestAlarms {
  statuses: AlarmStatus[] = [];
  failing = false;

  list(): AlarmStatus[] {
    if (this.failing) throw new OverloadedError('the test makes the snapshot fail');
    return this.statuses;
  }
}

const ALARM_DEFINITION = {
  description: 'a test alarm',
  metric: 'CacheHitRate',
  dimensions: {},
  statistic: 'Average',
  comparison: 'LessThanThreshold',
  threshold: 80,
  periodSeconds: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  treatMissingData: 'missing',
  lastDatapoints: [],
};

export function alarm(name: string, state: AlarmStateValue, stateReason: string): AlarmStatus {
  return { ...ALARM_DEFINITION, name, state, stateReason, stateChangedAt: new Date().toISOString() };
}

@Module({})
class FixturesModule {
  static with(store: MetricStore, alarms: TestAlarms): DynamicModule {
    return {
      module: FixturesModule,
      providers: [
        { provide: METRIC_STORE, useValue: store },
        { provide: AlarmsService, useValue: alarms },
      ],
      exports: [METRIC_STORE, AlarmsService],
    };
  }
}

@Module({})
class DashboardTestAppModule {
  static forRoot(env: ServiceEnv, store: MetricStore, alarms: TestAlarms): DynamicModule {
    return {
      module: DashboardTestAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        DashboardModule.register({ imports: [FixturesModule.with(store, alarms)], collectPeriodMs: 500 }),
      ],
    };
  }
}

const NODES = [
  { node: '127.0.0.1:7000', role: 'master' },
  { node: '127.0.0.1:7001', role: 'master' },
  { node: '127.0.0.1:7003', role: 'replica' },
];

/** One round of the collector's series, at `at`. */
export function recordRound(store: MetricStore, at: number, round: number): void {
  const wave = (base: number, amplitude: number, offset = 0) =>
    base + amplitude * Math.sin(round / 6 + offset);
  const engine = (metric: string, node: string, role: string): SeriesKey => ({
    source: 'engine',
    metric,
    node,
    role,
  });
  NODES.forEach(({ node, role }, i) => {
    store.record(engine('CacheHitRate', node, role), at, wave(88, 6, i));
    store.record(engine('GetTypeCmdsLatency', node, role), at, wave(120, 40, i));
    store.record(engine('SetTypeCmdsLatency', node, role), at, wave(180, 50, i));
    store.record(engine('Evictions', node, role), at, Math.max(0, Math.round(wave(3, 4, i))));
    store.record(engine('DatabaseMemoryUsagePercentage', node, role), at, wave(55, 10, i));
    store.record(engine('CurrConnections', node, role), at, Math.round(wave(40, 8, i)));
    if (role === 'replica')
      store.record(engine('ReplicationLag', node, role), at, Math.max(0, wave(0.4, 0.3)));
  });
  store.record(engine('CacheHitRate', 'all', 'node'), at, wave(87, 5));
  for (const [i, entity] of ['user', 'product'].entries())
    store.record({ source: 'app', metric: 'CacheHitRate', entity }, at, wave(92, 4, i + 3));
}

/** The little of the page's DOM the functions run in it use (this file compiles without the DOM types). */
export interface PageElement {
  dataset: Record<string, string | undefined>;
  hidden: boolean;
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { width: number; height: number };
}
/** A chart as Chart.js (window.Chart) gives it. */
export interface PageChart {
  data: { datasets: Array<{ data: Array<{ x: number }> }> };
}
/** The page's globals (in the browser). */
export interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  Chart: { getChart(canvas: PageElement): PageChart | undefined };
}

/** What each panel of the page shows. */
export function panelStates(page: Page) {
  return page.evaluate(() => {
    const { document, Chart } = globalThis as unknown as PageGlobals;
    return Array.from(document.querySelectorAll('section[data-panel]')).map((section) => {
      const canvas = section.querySelector('canvas') as PageElement;
      const chart = Chart.getChart(canvas);
      const datasets = chart ? chart.data.datasets : [];
      const empty = section.querySelector('.empty');
      return {
        panel: section.dataset['panel'] ?? '',
        width: canvas.getBoundingClientRect().width,
        height: canvas.getBoundingClientRect().height,
        chart: chart !== undefined,
        datasets: datasets.length,
        points: datasets.reduce((sum, dataset) => sum + dataset.data.length, 0),
        newestX: Math.max(0, ...datasets.map((dataset) => dataset.data[dataset.data.length - 1]?.x ?? 0)),
        noDataShown: empty !== null && !empty.hidden,
      };
    });
  });
}

/**
 * Starts the dashboard under the project's real HTTP edge (createHttpApp: both ports, security headers, error
 * shape) on free ports, reading `store` and `alarms`.
 */
export async function startDashboard(store: MetricStore, alarms: TestAlarms): Promise<RunningService> {
  const raw = testEnv({ LOG_LEVEL: 'error', DOCS_ENABLED: 'false' });
  const env = validateEnv<ServiceEnv>(raw, ServiceEnv);
  const app = await createHttpApp(
    DashboardTestAppModule.forRoot(env, store, alarms),
    { title: 'dashboard test', description: 'the monitor dashboard under the real HTTP edge' },
    env,
  );
  return listenForTest(app, raw);
}

/** The repository's root. */
export const ROOT = resolve(__dirname, '../../..');
/** Chromium's own background connections are refused on this network: none of them are made. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'].concat([
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Debian's chromium (installed when missing), headless. */
export function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('bash', [join(ROOT, 'scripts', 'test', 'ensure-chromium.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  }).trim();
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Collects what goes wrong on a page: console errors and warnings, page errors, failed requests, 4xx/5xx. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}
