import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningService } from '@fleetcache/platform/testing';
import type { Browser, Page } from 'playwright-core';
import { MetricStore } from '../src/store/metric-store';
import {
  alarm,
  launchChromium,
  panelStates,
  ROOT,
  watchProblems,
  recordRound,
  startDashboard,
  TestAlarms,
  type PageGlobals,
} from './dashboard-support';

const SCREENSHOT = join(ROOT, 'tmp', 'test-results', 'dashboard.png');
const PANELS = 'hit-rate latency evictions memory replication-lag connections pipeline alarms'.split(' ');
/** The panels the test's store has no series for: they must say "no data yet", not fail. */
const EMPTY_PANELS = ['pipeline'];

/** The `code` of an error answer. */
async function codeOf(response: Response): Promise<string> {
  return ((await response.json()) as { code: string }).code;
}

describe('the live dashboard in a real browser (Debian chromium)', () => {
  const store = new MetricStore(720);
  const alarms = new TestAlarms();
  let svc: RunningService;
  let browser: Browser;
  let page: Page;
  let writer: NodeJS.Timeout;
  let round = 0;
  let problems: string[] = [];

  beforeAll(async () => {
    const start = Date.now() - 10 * 60_000;
    for (; round < 60; round++) recordRound(store, start + round * 10_000, round);
    alarms.statuses = [
      alarm('LowHitRate', 'OK', 'Threshold Crossed: 3 datapoints were not less than the threshold (80.0).'),
      alarm('HighEvictions', 'INSUFFICIENT_DATA', 'Insufficient Data: 0 datapoints were unknown.'),
    ];
    svc = await startDashboard(store, alarms);
    // The collector goes on writing: a round every 500 ms.
    writer = setInterval(() => recordRound(store, Date.now(), round++), 500);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    problems = watchProblems(page);
  }, 120_000);

  afterAll(async () => {
    clearInterval(writer);
    await browser?.close();
    await svc?.close();
  });

  it('is served on the internal port only, under a policy of self only', async () => {
    const response = await fetch(`${svc.internalUrl}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe|https:|data:/);
    const api = await fetch(`${svc.internalUrl}/dashboard/api/snapshot`);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    const traversal = await fetch(`${svc.internalUrl}/dashboard/assets/..%2f..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
    expect(await codeOf(traversal)).toBe('NOT_FOUND');
    for (const path of ['/dashboard', '/dashboard/assets/chart.umd.js', '/dashboard/api/snapshot']) {
      const onPublic = await fetch(`${svc.url}${path}`);
      expect({ path, status: onPublic.status }).toEqual({ path, status: 404 });
      expect(await codeOf(onPublic)).toBe('NOT_FOUND');
    }
  });

  it('draws every panel without a console error, refreshes live, and shows an alarm the test raises', async () => {
    await page.goto(`${svc.internalUrl}/dashboard`, { waitUntil: 'load' });
    await page.waitForSelector('#alarm-rows tr[data-alarm="HighEvictions"]', { timeout: 10_000 });
    const panels = await panelStates(page);
    expect(panels.map((panel) => panel.panel)).toEqual(PANELS);
    for (const panel of panels) {
      expect({ panel: panel.panel, chart: panel.chart }).toEqual({ panel: panel.panel, chart: true });
      expect(panel.width).toBeGreaterThan(100);
      expect(panel.height).toBeGreaterThan(100);
      if (EMPTY_PANELS.includes(panel.panel)) {
        expect({ panel: panel.panel, datasets: panel.datasets, noData: panel.noDataShown }).toEqual({
          panel: panel.panel,
          datasets: 0,
          noData: true,
        });
      } else {
        expect({ panel: panel.panel, noData: panel.noDataShown }).toEqual({
          panel: panel.panel,
          noData: false,
        });
        expect(panel.datasets).toBeGreaterThan(0);
        expect(panel.points).toBeGreaterThan(0);
      }
    }
    // Per node and per entity: 3 nodes and the fleet-wide value, 2 entities.
    expect(panels.find((panel) => panel.panel === 'hit-rate')?.datasets).toBe(6);
    expect(panels.find((panel) => panel.panel === 'latency')?.datasets).toBe(6);
    expect(panels.find((panel) => panel.panel === 'replication-lag')?.datasets).toBe(1);
    expect(await page.locator('#last-updated').textContent()).not.toBe('never');
    expect(await page.locator('#error-banner').isHidden()).toBe(true);

    // Live: the points the collector writes after the page loaded reach the charts (updated in place).
    const before = panels.find((panel) => panel.panel === 'hit-rate')?.newestX ?? 0;
    await page.waitForFunction(
      (newest) => {
        const { document, Chart } = globalThis as unknown as PageGlobals;
        const chart = Chart.getChart(
          document.querySelector('section[data-panel="hit-rate"] canvas') as never,
        );
        return (
          chart?.data.datasets.some((dataset) => dataset.data[dataset.data.length - 1].x > newest) ?? false
        );
      },
      before,
      { timeout: 6_000 },
    );

    const alarmRow = page.locator('#alarm-rows tr[data-alarm="LowHitRate"]');
    expect(await alarmRow.getAttribute('data-state')).toBe('OK');
    alarms.statuses = [
      alarm(
        'LowHitRate',
        'ALARM',
        'Threshold Crossed: 3 out of the last 3 datapoints were less than the threshold (80.0).',
      ),
      alarms.statuses[1],
    ];
    await page.waitForSelector('#alarm-rows tr[data-alarm="LowHitRate"][data-state="ALARM"]', {
      timeout: 5_000,
    });
    expect(await alarmRow.locator('td').nth(1).textContent()).toBe('ALARM');
    expect(await alarmRow.locator('.state').getAttribute('class')).toBe('state state-alarm');
    expect(await alarmRow.locator('td').nth(2).textContent()).toMatch(
      /^Threshold Crossed: 3 out of the last 3/,
    );
    expect(
      await page.locator('#alarm-rows tr[data-alarm="HighEvictions"] .state').getAttribute('class'),
    ).toBe('state state-insufficient-data');
    const timeline = await panelStates(page).then((all) => all.find((panel) => panel.panel === 'alarms'));
    expect(timeline?.datasets).toBe(2);

    mkdirSync(join(ROOT, 'tmp', 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot: ${SCREENSHOT}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a visible error banner while the snapshot fails, and recovers', async () => {
    alarms.failing = true;
    await page.waitForSelector('#error-banner:not([hidden])', { timeout: 6_000 });
    expect(await page.locator('#error-banner').textContent()).toMatch(
      /Could not load the monitor's data \(HTTP 503/,
    );
    alarms.failing = false;
    await page.waitForSelector('#error-banner', { state: 'hidden', timeout: 6_000 });
    expect(problems.filter((problem) => !/503|status of 503/.test(problem))).toEqual([]);
  }, 30_000);
});
