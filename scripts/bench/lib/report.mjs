// The benchmark's outputs: the ratios against each target, a table on stdout, the JSON file, an SVG chart and the
// results section of BENCHMARKS.md. Every number comes from the run's results object.
import { markdownTable, semanticParagraphs, semanticTables, textTable } from './semantic-report.mjs';
import { round, summary } from './stats.mjs';

const fmt = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));
const range = (s, digits = 2) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;

/**
 * Paired ratio of two throughput scenarios: run i of one over run i of the other (the runs are interleaved, so
 * pairs saw the same machine state); median and spread of the pairs.
 */
function pairedRatio(a, b, field = 'rps') {
  const n = Math.min(a[field].runs.length, b[field].runs.length);
  return summary(Array.from({ length: n }, (_, i) => round(a[field].runs[i] / b[field].runs[i], 3)));
}

/** The comparisons the issue sets: `{ label, value (summary or number), target, met }`. */
export function comparisons(r) {
  const t = r.throughput ?? {};
  const rows = [];
  const ratioRow = (label, a, b, target, min, field = 'rps') => {
    if (!t[a] || !t[b]) return;
    const value = pairedRatio(t[a], t[b], field);
    rows.push({ label, value, target: target ?? '—', met: min === undefined ? undefined : value.median >= min, chart: field === 'rps' });
  };
  const atMost = (label, a, b, field, max) => {
    if (!t[a] || !t[b]) return;
    const value = pairedRatio(t[a], t[b], field);
    rows.push({ label, value, target: `≤ ${max.toFixed(2)}`, met: value.median <= max });
  };
  // The headline: what a hit costs the server in CPU against the floor (independent of how fast the load generator is).
  atMost('hit / floor (server CPU per request)', 'hit', 'floor', 'cpuUsPerRequest', 1.4);
  atMost('l1 / floor (server CPU per request)', 'l1', 'floor', 'cpuUsPerRequest', 1.05);
  ratioRow('hit / floor (req/s)', 'hit', 'floor', '≥ 0.65', 0.65);
  ratioRow('l1 / floor (req/s)', 'l1', 'floor', '≥ 0.95', 0.95);
  ratioRow('hit / db (req/s)', 'hit', 'db');
  // The same hit on the other engine: what choosing Memcached costs or saves on the hot path.
  atMost('hit-memcached / floor (server CPU per request)', 'hit-memcached', 'floor', 'cpuUsPerRequest', 1.4);
  ratioRow('hit-memcached / hit (req/s)', 'hit-memcached', 'hit');
  ratioRow('hit-memcached / peer-cm (req/s)', 'hit-memcached', 'peer-cm', '≥ 1.30', 1.3);
  if (r.baseline) {
    const base = `baseline ${r.baseline.commit.slice(0, 8)}`;
    ratioRow(`${base} hit / floor (server CPU per request)`, 'hit-baseline', 'floor', undefined, undefined, 'cpuUsPerRequest');
    ratioRow(`hit / ${base} hit (server CPU per request)`, 'hit', 'hit-baseline', undefined, undefined, 'cpuUsPerRequest');
    ratioRow(`hit / ${base} hit (req/s)`, 'hit', 'hit-baseline');
  }
  ratioRow('hit / peer-cm (req/s)', 'hit', 'peer-cm', '≥ 1.30', 1.3);
  atMost('hit p99 / peer-cm p99', 'hit', 'peer-cm', 'p99', 1);
  ratioRow('hit / bento L2 (req/s)', 'hit', 'peer-bento', '≥ 1.50', 1.5);
  ratioRow('l1 / bento tiered (req/s)', 'l1', 'peer-bento-tiered', '≥ 1.50', 1.5);
  const add = (label, value, target, met) => rows.push({ label, value, target, met });
  if (r.batch) {
    // Pipelines counted include fills after a miss (rare once warm), hence compared at the precision shown.
    add('batch: Redis round trips per 100-id batch', r.batch.roundTripsPerBatch, `≤ ${r.batch.masters} (masters)`, round(r.batch.roundTripsPerBatch.median, 2) <= r.batch.masters);
    add('batch p50 / single GET p50', r.batch.batchVsSingleP50, '≤ 2.00', r.batch.batchVsSingleP50.median <= 2);
  }
  if (r.stampede) add('stampede: DB loads of the key, 1,000 requests, 2 instances', r.stampede.fleetcache.dbLoads, '1', r.stampede.fleetcache.dbLoads.median === 1);
  const onMemcached = r.stampede?.['fleetcache-memcached'];
  if (onMemcached) add('stampede on Memcached: DB loads of the key', onMemcached.dbLoads, '1', onMemcached.dbLoads.median === 1);
  if (r.lag) {
    add('lag commit → warmer applied, p99 ms', r.lag.warmerApplied.p99, '≤ 10', r.lag.warmerApplied.p99.median <= 10);
    add('lag PATCH answered → all fresh, p99 ms (lower bound)', r.lag.allFreshFromAnswer.p99, '≤ 10', r.lag.allFreshFromAnswer.p99.median <= 10);
    add('lag PATCH sent → all fresh, p99 ms (upper bound)', r.lag.allFreshFromSent.p99, '≤ 10', r.lag.allFreshFromSent.p99.median <= 10);
  }
  if (r.zipf) {
    add('zipf steady state: DB reads per request (read path)', r.zipf.dbReadsPerRequest, '≤ 0.05', r.zipf.dbReadsPerRequest.median <= 0.05);
    add('zipf steady state: all SQL statements per request', r.zipf.sqlPerRequest, '≤ 0.05', r.zipf.sqlPerRequest.median <= 0.05);
  }
  return rows;
}

const valueText = (v, digits = 2) => (typeof v === 'object' ? range(v, digits) : fmt(v, digits));
const metText = (met, md) => (met === undefined ? (md ? '—' : '') : met ? 'yes' : md ? '**no**' : 'NO');

/** The paragraphs after the tables (batch, stampede, lag, zipf, clients, where a hit's time goes). */
function paragraphs(r) {
  const out = [];
  const t = r.throughput ?? {};
  if (r.batch) {
    const b = r.batch;
    out.push(`Batch (100 ids over ${b.masters} masters, one request at a time, medians of ${r.runs} runs [min–max]): batch p50 ${range(b.batch.p50)} ms, p99 ${range(b.batch.p99)} ms; single GET p50 ${range(b.single.p50)} ms, p99 ${range(b.single.p99)} ms; the same 100 ids as single GETs one after another ${range(b.hundredSinglesMs, 1)} ms. ${b.requests} requests, ${b.errors} errors, ${b.non2xx} non-2xx.`);
  }
  if (r.stampede) {
    const s = Object.entries(r.stampede).map(([k, v]) => `${k} ${v.dbLoads.runs.join(', ')} (${v.ok} of ${v.requests} answered 200, ${v.errors} errors, ${v.non2xx} non-2xx${v.burstMs ? `; each burst took ${v.burstMs.runs.join(', ')} ms` : ''})`);
    out.push(`Stampede (1,000 concurrent requests for one cold key over 2 instances, a fresh key each time; fleetcache 10 times, the peers ${r.runs}), DB loads of the key per run: ${s.join('; ')}.`);
  }
  if (r.lag) {
    const l = r.lag;
    out.push(`Lag over ${l.changes} changes (${r.runs} runs; medians [min–max] of the runs' percentiles): commit → warmer applied p50 ${range(l.warmerApplied.p50, 1)} ms, p99 ${range(l.warmerApplied.p99, 1)} ms; PATCH sent → other instance fresh (L1 on) p50 ${range(l.allFreshFromSent.p50, 1)} ms, p99 ${range(l.allFreshFromSent.p99, 1)} ms; from the PATCH's answer p50 ${range(l.allFreshFromAnswer.p50, 1)} ms, p99 ${range(l.allFreshFromAnswer.p99, 1)} ms. The PATCH itself (transaction, commit, write-through): p50 ${range(l.patch.p50, 1)} ms, p99 ${range(l.patch.p99, 1)} ms, max ${range(l.patch.max, 1)} ms.`);
  }
  if (r.zipf) {
    const z = r.zipf;
    out.push(`Zipf(1.0) over ${z.users.toLocaleString('en')} users, 95% GET / 5% PATCH, 2 instances, steady state (${r.runs} runs): ${range(z.rps, 0)} req/s, hit ratio ${range(z.hitRatio, 3)}, DB reads per request ${range(z.dbReadsPerRequest, 4)}, all SQL statements per request (the writes' included) ${range(z.sqlPerRequest, 3)}, p99 of the slower instance ${range(z.p99, 0)} ms, ${z.requests} requests, ${z.errors} errors, ${z.non2xx} non-2xx. Cold start (one run from an empty cache): ${fmt(z.coldStart.rps)} req/s, hit ratio ${fmt(z.coldStart.hitRatio, 3)}, DB reads per request ${fmt(z.coldStart.dbReadsPerRequest, 3)}, p99 ${fmt(z.coldStart.p99)} ms, ${z.coldStart.errors} errors, ${z.coldStart.non2xx} non-2xx.`);
  }
  if (r.clients) {
    const c = r.clients;
    out.push(`Redis client CPU per command (${c.commands.toLocaleString('en')} commands per run, 50 in flight, on the load-generator core, ${r.runs} runs): ioredis 6 Cluster GET ${range(c.ioredisGetUs, 1)} µs, node-redis cluster GET ${range(c.nodeRedisGetUs, 1)} µs (fleetcache's hits use neither: they go through its direct reader).`);
  }
  if (r.profile) {
    const shares = (p) => p.packages.slice(0, 8).map((row) => `${row.name} ${fmt(row.share * 100, 1)}%`).join(', ');
    for (const [id, p] of Object.entries(r.profile)) {
      out.push(`CPU profile of ${id} under load (${fmt(p.rps)} req/s while profiled), shares of the server's busy time by package: ${shares(p)}.`);
    }
  }
  if (t.floor) {
    const gen = Object.entries(t).map(([id, s]) => `${id} ${fmt(s.loadGenCpu.median, 2)}`);
    out.push(`Load generator CPU (share of its core, median): ${gen.join(', ')}.`);
  }
  return out;
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
  lines.push('', `${'comparison'.padEnd(56)} ${'value (median [min–max])'.padEnd(26)} ${'target'.padEnd(16)} met`);
  for (const c of comparisons(r)) lines.push(`${c.label.padEnd(56)} ${valueText(c.value).padEnd(26)} ${String(c.target).padEnd(16)} ${metText(c.met)}`);
  for (const table of semanticTables(r)) lines.push(textTable(table));
  return [...lines, '', ...paragraphs(r), ...semanticParagraphs(r)].join('\n');
}

/** The results section of BENCHMARKS.md (between the markers). */
export function markdownReport(r) {
  const t = r.throughput ?? {};
  const m = r.machine;
  const out = [];
  out.push(`Run of ${r.finishedAt.slice(0, 10)} (${r.mode} mode: ${r.runs} runs × ${r.seconds} s per throughput scenario, ${r.warmupSeconds} s warm-up before each, 50 connections, ${r.pinned ? 'server pinned to CPU 0 and load generator to CPU 1' : 'no CPU pinning'}).`);
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, Redis ${m.redis}, Memcached ${m.memcached ?? "—"}, MariaDB ${m.mariadb}, ${m.os}.`, '');
  out.push('| scenario | req/s median | spread (min–max) | server CPU µs/request | p50 ms | p99 ms | max ms | requests | errors | non-2xx |', '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [id, s] of Object.entries(t)) {
    out.push(`| ${id} | ${fmt(s.rps.median)} | ${fmt(s.rps.min)}–${fmt(s.rps.max)} | ${fmt(s.cpuUsPerRequest.median, 1)} | ${fmt(s.p50.median, 1)} | ${fmt(s.p99.median, 1)} | ${fmt(s.max.median, 1)} | ${s.requests} | ${s.errors} | ${s.non2xx} |`);
  }
  out.push('', '| comparison | value: median [min–max] | target | met |', '|---|---|---|---|');
  for (const c of comparisons(r)) out.push(`| ${c.label} | ${valueText(c.value)} | ${c.target} | ${metText(c.met, true)} |`);
  for (const p of paragraphs(r)) out.push('', p);
  for (const table of semanticTables(r)) out.push(markdownTable(table));
  for (const p of semanticParagraphs(r)) out.push('', p);
  return out.join('\n');
}

/** A horizontal bar chart of the throughput ratios against their targets (SVG). */
export function svgChart(r) {
  const rows = comparisons(r).filter((c) => c.chart);
  const width = 760;
  const barX = 240;
  const scale = (v) => (v / 4) * (width - barX - 80);
  const rowH = 34;
  const height = 60 + rows.length * rowH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`];
  parts.push(`<rect width="100%" height="100%" fill="white"/>`, `<text x="10" y="22" font-size="15" font-weight="bold">fleetcache throughput ratios (${r.finishedAt.slice(0, 10)}, ${r.mode} mode)</text>`);
  rows.forEach((c, i) => {
    const y = 40 + i * rowH;
    const v = Math.min(c.value.median, 4);
    const target = Number(String(c.target).replace(/[^0-9.]/g, ''));
    parts.push(`<text x="10" y="${y + 17}">${c.label.replace(' (req/s)', '')}</text>`);
    parts.push(`<rect x="${barX}" y="${y + 4}" width="${scale(v)}" height="18" fill="${c.met === false ? '#d9534f' : '#2e7d32'}"/>`);
    parts.push(`<line x1="${barX + scale(Math.min(c.value.min, 4))}" x2="${barX + scale(Math.min(c.value.max, 4))}" y1="${y + 13}" y2="${y + 13}" stroke="#333"/>`);
    parts.push(`<text x="${barX + scale(Math.max(v, Math.min(c.value.max, 4))) + 6}" y="${y + 18}">${c.value.median.toFixed(2)}×</text>`);
    if (target) parts.push(`<line x1="${barX + scale(target)}" x2="${barX + scale(target)}" y1="${y}" y2="${y + 26}" stroke="black" stroke-dasharray="3,2"/>`);
  });
  parts.push(`<text x="${barX}" y="${height - 8}" fill="#555">bars: median of paired runs; thin line: min–max; dashed: target</text>`, '</svg>');
  return parts.join('\n');
}
