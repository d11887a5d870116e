/** The fields of an `INFO` reply, by name (`used_memory` → `"1234"`). */
export type RedisInfo = Map<string, string>;

/** Parses an `INFO` reply: `name:value` lines, sections and comments skipped. */
export function parseRedisInfo(text: string): RedisInfo {
  const info: RedisInfo = new Map();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const split = line.indexOf(':');
    if (split > 0) info.set(line.slice(0, split), line.slice(split + 1));
  }
  return info;
}

/** A number field of `INFO`, undefined when absent or not a number. */
export function infoNumber(info: RedisInfo, name: string): number | undefined {
  const raw = info.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** `a=1,b=x` (a `slave0`, `db0` or `cmdstat_get` field) as a map. */
export function infoFields(raw: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of raw?.split(',') ?? []) {
    const split = pair.indexOf('=');
    if (split > 0) fields.set(pair.slice(0, split), pair.slice(split + 1));
  }
  return fields;
}

/** A replica as its master reports it in `INFO replication`: `slaveN:ip=…,port=…,state=…,offset=…,lag=…`. */
export interface ReportedReplica {
  address: string;
  /** Seconds since the replica last acknowledged (grows while it is paused or cut off). */
  lagSeconds: number;
}

/** The replicas a master reports. */
export function reportedReplicas(info: RedisInfo): ReportedReplica[] {
  const replicas: ReportedReplica[] = [];
  for (const [name, raw] of info) {
    if (!/^slave\d+$/.test(name)) continue;
    const fields = infoFields(raw);
    const ip = fields.get('ip');
    const port = fields.get('port');
    const lag = Number(fields.get('lag'));
    if (ip && port && Number.isFinite(lag)) replicas.push({ address: `${ip}:${port}`, lagSeconds: lag });
  }
  return replicas;
}

/** Keys over every database (`db0:keys=…,expires=…`). */
export function totalKeys(info: RedisInfo): number {
  let keys = 0;
  for (const [name, raw] of info) if (/^db\d+$/.test(name)) keys += Number(infoFields(raw).get('keys') ?? 0);
  return keys;
}

/** Read and write commands, as ElastiCache's GetTypeCmds and SetTypeCmds count them (Lua scripts here write). */
const GET_TYPE = new Set([
  'get',
  'mget',
  'getex',
  'hget',
  'hmget',
  'hgetall',
  'exists',
  'strlen',
  'zscore',
  'zrange',
  'zrevrange',
]);
const SET_TYPE = new Set([
  'set',
  'setex',
  'psetex',
  'mset',
  'del',
  'unlink',
  'expire',
  'pexpire',
  'hset',
  'zadd',
  'zincrby',
  'eval',
  'evalsha',
  'spublish',
  'publish',
]);

/** Total calls and microseconds of read and write commands (`INFO commandstats`). */
export function commandTotals(info: RedisInfo): Record<'get' | 'set', { calls: number; usec: number }> {
  const totals = { get: { calls: 0, usec: 0 }, set: { calls: 0, usec: 0 } };
  for (const [name, raw] of info) {
    if (!name.startsWith('cmdstat_')) continue;
    const command = name.slice('cmdstat_'.length);
    const kind = GET_TYPE.has(command) ? 'get' : SET_TYPE.has(command) ? 'set' : undefined;
    if (!kind) continue;
    const fields = infoFields(raw);
    totals[kind].calls += Number(fields.get('calls') ?? 0);
    totals[kind].usec += Number(fields.get('usec') ?? 0);
  }
  return totals;
}
