import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InvalidInputError } from '@fleetcache/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AlarmStatus } from '../alarms/alarm-state';
import { AlarmsService } from '../alarms/alarms.service';
import { METRIC_STORE } from '../monitor.constants';
import type { MetricStore, Series } from '../store/metric-store';
import { DashboardAssets, type DashboardFileBody } from './dashboard-assets';
import {
  DASHBOARD_OPTIONS,
  DEFAULT_REFRESH_MS,
  DEFAULT_WINDOW_MS,
  MIN_REFRESH_MS,
  type DashboardOptions,
} from './dashboard.constants';

/** What `GET /dashboard/api/snapshot` answers. */
export interface DashboardSnapshot {
  /** The server's time (unix ms): the page asks for what came after its last point, and draws up to it. */
  now: number;
  /** How often the page should poll, ms. */
  refreshMs: number;
  /** How much history the page keeps and draws, ms. */
  windowMs: number;
  /** Every series, each with its points at or after `since`. */
  series: Series[];
  alarms: AlarmStatus[];
}

/** How long a browser may reuse an asset before it asks again (with its ETag: a 304 when unchanged), seconds. */
export const ASSET_MAX_AGE_SECONDS = 300;

/**
 * Parses `?since=`: unix ms, a non-negative integer (at most Number.MAX_SAFE_INTEGER); absent: `fallback`. Anything
 * else (a sign, a fraction, an exponent, the parameter twice) is a 400 that says what is expected.
 */
export function parseSince(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw) || Number(raw) > Number.MAX_SAFE_INTEGER) {
    const shown = typeof raw === 'string' ? `"${raw.slice(0, 40)}"` : 'it more than once';
    throw new InvalidInputError(`since must be a non-negative integer (unix time in ms), got ${shown}`);
  }
  return Number(raw);
}

/**
 * The live dashboard (internal port only, see libs/platform's internal-port.ts): the page, its allow-listed assets
 * (its script, style and icon, Chart.js's bundle) and the snapshot it polls (the series of the metric store and
 * the alarms' states).
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  private readonly refreshMs: number;

  constructor(
    @Inject(METRIC_STORE) private readonly store: MetricStore,
    private readonly alarms: AlarmsService,
    private readonly assets: DashboardAssets,
    @Optional() @Inject(DASHBOARD_OPTIONS) options: DashboardOptions | null = null,
  ) {
    const period = options?.collectPeriodMs ?? DEFAULT_REFRESH_MS;
    this.refreshMs = Math.max(MIN_REFRESH_MS, Math.min(DEFAULT_REFRESH_MS, period));
  }

  /** `GET /dashboard`: the page. */
  @Get()
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    sendFile(request, reply, this.assets.page(), 'no-cache');
  }

  /** `GET /dashboard/assets/:file`: dashboard.js, dashboard.css, chart.umd.js or favicon.svg; else a 404. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.assets.asset(file);
    if (!asset) {
      throw new NotFoundException({
        error: `Cannot GET ${request.url.split('?', 1)[0].slice(0, 100)}`,
        code: 'NOT_FOUND',
      });
    }
    sendFile(request, reply, asset, `public, max-age=${ASSET_MAX_AGE_SECONDS}`);
  }

  /** `GET /dashboard/api/snapshot?since=<unix ms>`: the series' points at or after `since` (default: the last hour). */
  @Get('api/snapshot')
  @Header('Cache-Control', 'no-store')
  snapshot(@Query('since') rawSince: unknown): DashboardSnapshot {
    const now = Date.now();
    const since = parseSince(rawSince, Math.max(0, now - DEFAULT_WINDOW_MS));
    return {
      now,
      refreshMs: this.refreshMs,
      windowMs: DEFAULT_WINDOW_MS,
      series: this.store.select({}, since),
      alarms: this.alarms.list(),
    };
  }
}

/** Sends a file with its type, ETag and `cacheControl`; a 304 when the browser's copy is the current one. */
function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: DashboardFileBody,
  cacheControl: string,
): void {
  void reply.header('Cache-Control', cacheControl).header('ETag', file.etag);
  if (matchesEtag(request.headers['if-none-match'], file.etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).type(file.contentType).send(file.body);
}

/** Whether an If-None-Match header names `etag` (or `*`); weak tags compare equal to strong ones here. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
