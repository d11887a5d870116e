import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { StandaloneRedis } from '@fleetcache/cache/testing';
import { launchChromium, ROOT, watchProblems } from './dashboard-support';
import { startMonitor, type RunningMonitor } from './monitor-support';

const SCREENSHOT = join(ROOT, 'tmp', 'test-results', 'dashboard-live-alarm.png');

/**
 * The whole chain in a real browser: the real cache-monitor samples a real Redis server, the real alarm fires when
 * the server stops, and the page shows it.
 */
describe('the dashboard of the real cache-monitor, with an alarm a stopped node raises', () => {
  let server: StandaloneRedis;
  let monitor: RunningMonitor;
  let browser: Browser;

  beforeAll(async () => {
    server = await new StandaloneRedis().start([]);
    const alarms = join(mkdtempSync(join(tmpdir(), 'fc-alarms-')), 'alarms.json');
    writeFileSync(alarms, JSON.stringify([{ name: 'CacheNodeDown', periodSeconds: 0.5 }]));
    monitor = await startMonitor({
      MONITOR_PERIOD_MS: '250',
      REDIS_MODE: 'single',
      REDIS_NODES: `127.0.0.1:${server.port}`,
      MONITOR_ALARMS_FILE: alarms,
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await monitor?.close();
    await server?.stop();
  });

  it('shows CacheNodeDown going from OK to ALARM when the node stops, with no console error', async () => {
    const redis = new Redis({ port: server.port });
    for (let i = 0; i < 50; i++) await redis.get(i % 2 ? 'present' : 'missing');
    redis.disconnect();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = watchProblems(page);
    await page.goto(`${monitor.internalUrl}/dashboard`, { waitUntil: 'load' });
    await page.waitForSelector('#alarm-rows tr[data-alarm="CacheNodeDown"][data-state="OK"]', {
      timeout: 10_000,
    });

    await server.stop();

    const row = page.locator('#alarm-rows tr[data-alarm="CacheNodeDown"][data-state="ALARM"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain(`127.0.0.1:${server.port}`);
    mkdirSync(join(ROOT, 'tmp', 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot (live alarm): ${SCREENSHOT}`);
    expect(problems).toEqual([]);
  }, 60_000);
});
