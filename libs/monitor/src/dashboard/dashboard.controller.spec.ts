import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppExceptionFilter, StrictValidationPipe } from '@fleetcache/platform';
import type { AlarmStatus } from '../alarms/alarm-state';
import { AlarmsService } from '../alarms/alarms.service';
import { METRIC_STORE } from '../monitor.constants';
import { MetricStore } from '../store/metric-store';
import { DashboardAssets, locateDashboardFiles } from './dashboard-assets';
import { DASHBOARD_OPTIONS } from './dashboard.constants';
import { DashboardController, parseSince } from './dashboard.controller';

const FILES = {
  'index.html': '<!doctype html><title>page</title>',
  'dashboard.js': 'console.log("dashboard");',
  'dashboard.css': 'body { margin: 0 }',
  'chart.umd.js': 'window.Chart = function () {};',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

describe('parseSince', () => {
  it.each([
    ['0', 0],
    ['1700000000000', 1_700_000_000_000],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ])('accepts %s', (raw, expected) => {
    expect(parseSince(raw, 5)).toBe(expected);
  });

  it('falls back when absent', () => {
    expect(parseSince(undefined, 42)).toBe(42);
  });

  it.each(['', '-1', '1.5', '1e3', '0x10', ' 1', '1 ', 'abc', '+1', '9007199254740992', '12345678901234567'])(
    'refuses "%s" with a message that says what is expected',
    (raw) => {
      expect(() => parseSince(raw, 0)).toThrow(
        /^since must be a non-negative integer \(unix time in ms\), got "/,
      );
    },
  );

  it('refuses the parameter given twice', () => {
    expect(() => parseSince(['1', '2'], 0)).toThrow(/since must be a non-negative integer.*more than once/);
  });
});

describe('DashboardController over HTTP', () => {
  let app: NestFastifyApplication;
  const store = new MetricStore(1000);
  let alarms: AlarmStatus[] = [];
  const now = Date.now();

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    store.record({ source: 'engine', metric: 'CacheHitRate', node: 'all' }, now - 2 * 3600_000, 10);
    store.record({ source: 'engine', metric: 'CacheHitRate', node: 'all' }, now - 1800_000, 20);
    store.record({ source: 'engine', metric: 'CacheHitRate', node: 'all' }, now - 1000, 30);
    const moduleRef = await Test.createTestingModule({
      controllers: [DashboardController],
      providers: [
        { provide: METRIC_STORE, useValue: store },
        { provide: AlarmsService, useValue: { list: () => alarms } },
        { provide: DashboardAssets, useValue: new DashboardAssets(FILES) },
        { provide: DASHBOARD_OPTIONS, useValue: { collectPeriodMs: 1000 } },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    app.useGlobalPipes(new StrictValidationPipe());
    app.useGlobalFilters(new AppExceptionFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('serves the page, never cached without revalidation', async () => {
    const response = await get('/dashboard');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(FILES['index.html']);
  });

  it.each([
    ['dashboard.js', 'text/javascript; charset=utf-8'],
    ['dashboard.css', 'text/css; charset=utf-8'],
    ['chart.umd.js', 'text/javascript; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
  ] as const)(
    'serves the asset %s with its type, a cache header and an ETag (304 when unchanged)',
    async (file, type) => {
      const response = await get(`/dashboard/assets/${file}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.body).toBe(FILES[file]);
      const etag = String(response.headers['etag']);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(`/dashboard/assets/${file}`, { 'if-none-match': `W/"other", ${etag}` });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await get(`/dashboard/assets/${file}`, { 'if-none-match': '"other"' })).statusCode).toBe(200);
    },
  );

  it.each([
    'index.html',
    'unknown.js',
    'DASHBOARD.JS',
    'dashboard.js.map',
    'constructor',
    '__proto__',
    '..%2fdashboard.controller.ts',
    '..%2f..%2f..%2f..%2f..%2fpackage.json',
    '%2e%2e%2f%2e%2e%2fpackage.json',
    '..%5c..%5cpackage.json',
    'dashboard.js%00.png',
    '%2fetc%2fpasswd',
  ])('answers 404 with the error shape for the asset "%s"', async (file) => {
    const response = await get(`/dashboard/assets/${file}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: expect.stringMatching(/^Cannot GET \/dashboard\/assets\//),
      code: 'NOT_FOUND',
      statusCode: 404,
    });
  });

  it('answers 404 for a path that leaves the assets folder (the router matches no route)', async () => {
    for (const url of [
      '/dashboard/assets/../../package.json',
      '/dashboard/assets/web/dashboard.js',
      '/dashboard/assets/',
    ]) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('"name": "fleetcache"');
    }
  });

  it('answers the last hour of every series, the alarms and the refresh period by default', async () => {
    alarms = [{ name: 'LowHitRate', state: 'ALARM' } as AlarmStatus];
    const response = await get('/dashboard/api/snapshot');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body.now).toBeGreaterThanOrEqual(now);
    expect(body.refreshMs).toBe(1000);
    expect(body.windowMs).toBe(3600_000);
    expect(body.alarms).toEqual(alarms);
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ source: 'engine', metric: 'CacheHitRate', node: 'all' });
    expect(body.series[0].points.map(([, value]: [number, number]) => value)).toEqual([20, 30]);
  });

  it('answers the points at or after `since`', async () => {
    const all = (await get('/dashboard/api/snapshot?since=0')).json();
    expect(all.series[0].points).toHaveLength(3);
    const last = (await get(`/dashboard/api/snapshot?since=${now - 1000}`)).json();
    expect(last.series[0].points).toEqual([[now - 1000, 30]]);
  });

  it.each(['abc', '-1', '1.5', '1e12', '', '99999999999999999'])(
    'refuses since=%s with a 400 that says why',
    async (since) => {
      const response = await get(`/dashboard/api/snapshot?since=${since}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: expect.stringMatching(/^since must be a non-negative integer \(unix time in ms\), got "/),
        code: 'INVALID_INPUT',
        statusCode: 400,
      });
    },
  );

  it('refuses since given twice', async () => {
    const response = await get('/dashboard/api/snapshot?since=1&since=2');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/more than once/);
  });
});

describe('the dashboard files', () => {
  it('are found beside the sources: the page, its script and style, and Chart.js from the installed package', () => {
    const paths = locateDashboardFiles();
    expect(paths['index.html']).toBe(join(__dirname, 'web', 'index.html'));
    expect(paths['chart.umd.js']).toMatch(/node_modules[\\/]chart\.js[\\/]dist[\\/]chart\.umd\.js$/);
    const assets = DashboardAssets.load(paths);
    expect(assets.asset('chart.umd.js')?.body.toString()).toContain('Chart');
  });

  it('are found in dashboard/ beside the bundle of a built app', () => {
    const dist = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
    try {
      mkdirSync(join(dist, 'dashboard'));
      for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dist, 'dashboard', name), text);
      const paths = locateDashboardFiles(dist);
      expect(Object.values(paths).every((path) => path.startsWith(join(dist, 'dashboard')))).toBe(true);
      expect(DashboardAssets.load(paths).page().body.toString()).toBe(FILES['index.html']);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('are reported missing, with where they were looked for, when neither layout holds them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dashboard-none-'));
    try {
      expect(() => locateDashboardFiles(empty)).toThrow(/dashboard's files are missing.*dashboard: true/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('make a page that runs under a policy of self only: no inline script, style or handler', () => {
    const html = readFileSync(join(__dirname, 'web', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
    for (const script of html.match(/<script[^>]*>/gi) ?? [])
      expect(script).toMatch(/\ssrc="\/dashboard\/assets\//);
    for (const panel of [
      'hit-rate',
      'latency',
      'evictions',
      'memory',
      'replication-lag',
      'connections',
      'alarms',
    ])
      expect(html).toContain(`data-panel="${panel}"`);
  });
});
