// The benchmark's outputs: the ratios against each target, a table on stdout, the JSON file, an SVG chart and the
// results section of BENCHMARKS.md. Every number comes from the run's results object.
import { round } from './stats.mjs';

const fmt = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));
const ratio = (a, b) => round(a / b, 2);

/** The comparisons the issue sets, each `{ id, label, value, target, met }` (value and target are ratios or counts). */
export function comparisons(r) {
  const t = r.throughput ?? {};
  const rps = (id) => t[id]?.rps.median;
  const rows = [];
  const add = (id, label, value, target, met, note) => rows.push({ id, label, value, target, met, note });
  if (rps('hit') && rps('floor')) add('hit', 'hit / floor (req/s)', ratio(rps('hit'), rps('floor')), '≥ 0.90', ratio(rps('hit'), rps('floor')) >= 0.9);
  if (rps('l1') && rps('floor')) add('l1', 'l1 / floor (req/s)', ratio(rps('l1'), rps('floor')), '≥ 0.97', ratio(rps('l1'), rps('floor')) >= 0.97);
  if (rps('db') && rps('hit')) add('db', 'hit / db (req/s)', ratio(rps('hit'), rps('db')), '—', undefined);
  if (rps('hit') && rps('peer-cm')) {
    const v = ratio(rps('hit'), rps('peer-cm'));
    add('peer-cm', 'hit / peer-cm (req/s)', v, '≥ 1.10', v >= 1.1);
    add('peer-cm-p99', 'hit p99 / peer-cm p99', ratio(t.hit.p99.median, t['peer-cm'].p99.median), '≤ 1.00', t.hit.p99.median <= t['peer-cm'].p99.median);
  }
  if (rps('hit') && rps('peer-bento')) add('peer-bento', 'hit / bento L2 (req/s)', ratio(rps('hit'), rps('peer-bento')), '≥ 1.50', ratio(rps('hit'), rps('peer-bento')) >= 1.5);
  if (rps('l1') && rps('peer-bento-tiered')) add('peer-bento-tiered', 'l1 / bento tiered (req/s)', ratio(rps('l1'), rps('peer-bento-tiered')), '≥ 1.50', ratio(rps('l1'), rps('peer-bento-tiered')) >= 1.5);
  if (r.batch) {
    add('batch-rt', 'batch: Redis round trips per 100-id batch', r.batch.roundTripsPerBatch, `≤ ${r.batch.masters} (masters)`, r.batch.roundTripsPerBatch <= r.batch.masters);
    add('batch-latency', 'batch p50 / single GET p50', r.batch.batchVsSingleP50, '≤ 2.00', r.batch.batchVsSingleP50 <= 2);
  }
  if (r.stampede) add('stampede', 'stampede: DB loads, 1,000 requests, 2 instances', r.stampede.fleetcache.dbLoads, '1', r.stampede.fleetcache.dbLoads === 1);
  if (r.lag) {
    add('lag-warmer', 'lag commit → warmer applied, p99 ms', r.lag.warmerApplied.p99, '≤ 10', r.lag.warmerApplied.p99 <= 10);
    add('lag-fresh-low', 'lag PATCH answered → all fresh, p99 ms (lower bound)', r.lag.allFreshFromAnswer.p99, '≤ 10', r.lag.allFreshFromAnswer.p99 <= 10);
    add('lag-fresh-high', 'lag PATCH sent → all fresh, p99 ms (upper bound)', r.lag.allFreshFromSent.p99, '≤ 10', r.lag.allFreshFromSent.p99 <= 10);
  }
  if (r.zipf) add('zipf', 'zipf (steady state): DB reads per request', r.zipf.dbReadsPerRequest.median, '≤ 0.05', r.zipf.dbReadsPerRequest.median <= 0.05);
  return rows;
}

/** Plain-text tables for stdout. */
export function textReport(r) {
  const lines = [];
  const t = r.throughput ?? {};
  lines.push('', 'scenario             req/s (median [min–max])   server µs/req  p50 ms  p99 ms  max ms  requests  errors  non2xx');
  for (const [id, s] of Object.entries(t)) {
    const spread = `${fmt(s.rps.median)} [${fmt(s.rps.min)}–${fmt(s.rps.max)}]`;
    lines.push(`${id.padEnd(20)} ${spread.padEnd(26)} ${fmt(s.cpuUsPerRequest.median, 1).padStart(13)}  ${fmt(s.p50.median, 1).padStart(6)}  ${fmt(s.p99.median, 1).padStart(6)}  ${fmt(s.max.median, 1).padStart(6)}  ${String(s.requests).padStart(8)}  ${String(s.errors).padStart(6)}  ${String(s.non2xx).padStart(6)}`);
  }
  lines.push('', 'comparison                                        value    target           met');
  for (const c of comparisons(r)) lines.push(`${c.label.padEnd(49)} ${fmt(c.value, 2).padStart(6)}   ${String(c.target).padEnd(16)} ${c.met === undefined ? '' : c.met ? 'yes' : 'NO'}`);
  return lines.join('\n');
}

/** The results section of BENCHMARKS.md (between the markers). */
export function markdownReport(r) {
  const t = r.throughput ?? {};
  const m = r.machine;
  const out = [];
  out.push(`Run of ${r.finishedAt.slice(0, 10)} (${r.mode} mode: ${r.runs} runs × ${r.seconds} s per scenario, ${r.warmupSeconds} s warm-up before each, 50 connections, ${r.pinned ? 'server pinned to CPU 0 and load generator to CPU 1' : 'no CPU pinning'}).`);
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, Redis ${m.redis}, MariaDB ${m.mariadb}, ${m.os}.`, '');
  out.push('| scenario | req/s median | spread (min–max) | server CPU µs/request | p50 ms | p99 ms | max ms | requests | errors | non-2xx |', '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [id, s] of Object.entries(t)) {
    out.push(`| ${id} | ${fmt(s.rps.median)} | ${fmt(s.rps.min)}–${fmt(s.rps.max)} | ${fmt(s.cpuUsPerRequest.median, 1)} | ${fmt(s.p50.median, 1)} | ${fmt(s.p99.median, 1)} | ${fmt(s.max.median, 1)} | ${s.requests} | ${s.errors} | ${s.non2xx} |`);
  }
  out.push('', '| comparison | value | target | met |', '|---|---:|---|---|');
  for (const c of comparisons(r)) out.push(`| ${c.label} | ${fmt(c.value, 2)} | ${c.target} | ${c.met === undefined ? '—' : c.met ? 'yes' : '**no**'} |`);
  if (r.batch) {
    const b = r.batch;
    out.push('', `Batch: 100 ids over ${b.masters} masters: p50 ${fmt(b.batch.p50, 1)} ms, p99 ${fmt(b.batch.p99, 1)} ms (single GET p50 ${fmt(b.single.p50, 1)} ms, p99 ${fmt(b.single.p99, 1)} ms); the same 100 ids as single GETs one after another: ${fmt(b.hundredSinglesMs, 1)} ms.`);
  }
  if (r.stampede) {
    out.push('', `Stampede (1,000 concurrent requests for one cold key over 2 instances), DB loads of that key: ${Object.entries(r.stampede).map(([k, v]) => `${k} ${v.dbLoads} (${v.ok} × 200, ${v.errors} errors, ${v.non2xx} non-2xx)`).join('; ')}.`);
  }
  if (r.lag) {
    const l = r.lag;
    out.push('', `Lag over ${l.changes} changes: commit → warmer applied p50 ${fmt(l.warmerApplied.p50, 1)} ms, p99 ${fmt(l.warmerApplied.p99, 1)} ms; PATCH sent → other instance fresh (L1 on) p50 ${fmt(l.allFreshFromSent.p50, 1)} ms, p99 ${fmt(l.allFreshFromSent.p99, 1)} ms; from the PATCH's answer p50 ${fmt(l.allFreshFromAnswer.p50, 1)} ms, p99 ${fmt(l.allFreshFromAnswer.p99, 1)} ms. The PATCH itself (transaction, commit, write-through): p50 ${fmt(l.patch?.p50, 1)} ms, p99 ${fmt(l.patch?.p99, 1)} ms, max ${fmt(l.patch?.max, 1)} ms.`);
  }
  if (r.zipf) {
    const z = r.zipf;
    out.push('', `Zipf(1.0) over ${z.users.toLocaleString('en')} users, 95% GET / 5% PATCH, 2 instances, steady state: ${fmt(z.rps.median)} req/s [${fmt(z.rps.min)}–${fmt(z.rps.max)}], hit ratio ${fmt(z.hitRatio.median, 3)}, DB reads per request ${fmt(z.dbReadsPerRequest.median, 4)} (all SQL statements per request, writes included: ${fmt(z.sqlPerRequest.median, 3)}), p99 ${fmt(z.p99.median, 1)} ms, ${z.errors} errors, ${z.non2xx} non-2xx. Cold start (first run, empty cache): ${fmt(z.coldStart.rps)} req/s, hit ratio ${fmt(z.coldStart.hitRatio, 3)}, DB reads per request ${fmt(z.coldStart.dbReadsPerRequest, 3)}, p99 ${fmt(z.coldStart.p99, 1)} ms.`);
  }
  if (r.clients) {
    const c = r.clients;
    out.push('', `Redis client CPU per command (${c.commands.toLocaleString('en')} commands, 50 in flight, load-generator core): ioredis 6 Cluster HMGET ${fmt(c.ioredisHmgetUs, 1)} µs, GET ${fmt(c.ioredisGetUs, 1)} µs; node-redis cluster HMGET ${fmt(c.nodeRedisHmgetUs, 1)} µs, GET ${fmt(c.nodeRedisGetUs, 1)} µs.`);
    const cpu = (id) => t[id]?.cpuUsPerRequest.median;
    if (cpu('hit') && cpu('floor')) {
      const cache = cpu('hit') - cpu('floor');
      out.push('', `Where a hit's server time goes (server CPU per request): floor ${fmt(cpu('floor'), 1)} µs (framework, HTTP); hit ${fmt(cpu('hit'), 1)} µs, so the cache adds ${fmt(cache, 1)} µs, of which the Redis client's HMGET is about ${fmt(c.ioredisHmgetUs, 1)} µs and fleetcache's own code (guard, decoding, metrics, headers) the other ${fmt(cache - c.ioredisHmgetUs, 1)} µs. peer-cm adds ${fmt(cpu('peer-cm') - cpu('floor'), 1)} µs over the floor on node-redis.`);
    }
  }
  return out.join('\n');
}

/** A horizontal bar chart of the throughput ratios against their targets (SVG). */
export function svgChart(r) {
  const rows = comparisons(r).filter((c) => c.label.includes('req/s'));
  const width = 760;
  const barX = 240;
  const scale = (v) => (v / 4) * (width - barX - 60);
  const rowH = 34;
  const height = 60 + rows.length * rowH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`];
  parts.push(`<rect width="100%" height="100%" fill="white"/>`, `<text x="10" y="22" font-size="15" font-weight="bold">fleetcache throughput ratios (${r.finishedAt.slice(0, 10)}, ${r.mode} mode)</text>`);
  rows.forEach((c, i) => {
    const y = 40 + i * rowH;
    const target = Number(String(c.target).replace(/[^0-9.]/g, ''));
    parts.push(`<text x="10" y="${y + 17}">${c.label.replace(' (req/s)', '')}</text>`);
    parts.push(`<rect x="${barX}" y="${y + 4}" width="${scale(Math.min(c.value, 4))}" height="18" fill="${c.met === false ? '#d9534f' : '#2e7d32'}"/>`);
    parts.push(`<text x="${barX + scale(Math.min(c.value, 4)) + 6}" y="${y + 18}">${c.value.toFixed(2)}×</text>`);
    if (target) parts.push(`<line x1="${barX + scale(target)}" x2="${barX + scale(target)}" y1="${y}" y2="${y + 26}" stroke="black" stroke-dasharray="3,2"/>`);
  });
  parts.push(`<text x="${barX}" y="${height - 8}" fill="#555">bars: measured ratio (median of runs); dashed line: target</text>`, '</svg>');
  return parts.join('\n');
}
