// The semantic cache's tables (scenarios semantic-quality, semantic-latency, semantic-e2e), for the text report and
// the markdown one: each table is a header and rows of cells, rendered either way.

const fmt = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));
/** A summary `{ median, min, max }` as "median [min–max]" (just the median when there was one run). */
const spread = (s, digits = 2) =>
  s.min === s.max ? fmt(s.median, digits) : `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
const mb = (bytes) => bytes / 1024 / 1024;
const mbSpread = (s) => spread({ median: mb(s.median), min: mb(s.min), max: mb(s.max) }, 1);

function qualityTable(q) {
  const header = ['embedder', 'threshold', 'precision', 'recall', 'recall w/o synonyms', 'TP', 'FP', 'FN', 'TN', 'similarity only: precision', 'recall', 'FP'];
  const rows = q.embedders.map((e) => {
    const g = e.withGuards;
    const t = e.thresholdOnly;
    const name = e.embedder === 'onnx' ? `${e.embedderId} (tiny random-weights test model)` : e.embedderId;
    return [name, fmt(e.threshold, 2), fmt(g.precision, 3), fmt(g.recall, 3), fmt(g.recallWithoutSynonyms, 3), g.tp, g.fp, g.fn, g.tn, fmt(t.precision, 3), fmt(t.recall, 3), t.fp];
  });
  return { title: `Semantic cache quality: ${q.dataset.pairs} labelled prompt pairs (${q.dataset.same} same, ${q.dataset.different} different), ${q.dataset.cachedPrompts} cached prompts in one partition`, header, rows };
}

function latencyTable(l, runs) {
  const header = ['index', 'vectors', 'searches with', 'build ms', 'memory MB (estimate)', 'RSS growth MB', 'search p50 ms', 'p99 ms', 'max ms', 'miss p99 ms', 'recall@1', 'queries'];
  const rows = l.indexes.map((i) => [i.kind, i.size, i.effectiveKind, spread(i.buildMs, 0), mbSpread(i.memoryBytes), mbSpread(i.rssDeltaBytes), spread(i.p50, 3), spread(i.p99, 3), spread(i.max, 2), spread(i.farP99, 3), spread(i.recallAt1, 3), i.queries]);
  return { title: `Semantic index latency: random unit vectors of ${l.dimensions} dimensions, k=${l.k}, one process (${runs} run${runs === 1 ? '' : 's'}: median [min–max])`, header, rows };
}

function e2eTable(e) {
  const header = ['mode', 'requests', 'model calls', 'avoided vs off', 'p50 ms', 'p95 ms', 'hit p50 ms', 'miss p50 ms', 'miss/hit'];
  const off = e.modes.off;
  const rows = Object.values(e.modes).map((m) => {
    const avoided = off ? `${off.modelCalls - m.modelCalls} (${fmt(((off.modelCalls - m.modelCalls) / off.modelCalls) * 100)}%)` : '—';
    return [m.mode, m.requests, m.modelCalls, avoided, fmt(m.latencyMs.p50, 1), fmt(m.latencyMs.p95, 1), fmt(m.hitLatencyMs.p50, 1), fmt(m.missLatencyMs.p50, 1), m.hitMissSpeedup === null ? '—' : `${fmt(m.hitMissSpeedup, 1)}×`];
  });
  const v = e.workload.variants;
  return { title: `Assistant end to end: stand-in model ${e.delayMs} ms per call, ${e.requests} requests (${v.new} new intents, ${v.exact} exact repeats, ${v.reworded} rewordings), ${e.chats} chat(s) at a time`, header, rows };
}

/** The semantic tables of a run's results (none when those scenarios did not run). */
export function semanticTables(r) {
  const tables = [];
  if (r['semantic-quality']) tables.push(qualityTable(r['semantic-quality']));
  if (r['semantic-latency']) tables.push(latencyTable(r['semantic-latency'], r['semantic-latency'].runs.length));
  if (r['semantic-e2e']) tables.push(e2eTable(r['semantic-e2e']));
  return tables;
}

/** The sentence under the tables: the whole lookup path on Redis. */
export function semanticParagraphs(r) {
  const p = r['semantic-latency']?.lookupPath;
  if (!p) return [];
  return [`Semantic cache lookup on the Redis Cluster (${p.entries.toLocaleString('en')} entries stored, HashingEmbedder, default settings; ${p.queries} lookups per run, half rewordings of stored prompts, half misses): prepare + lookup p50 ${spread(p.p50, 2)} ms, p99 ${spread(p.p99, 2)} ms; hits p50 ${spread(p.hitP50, 2)} ms, p99 ${spread(p.hitP99, 2)} ms; misses p50 ${spread(p.missP50, 2)} ms, p99 ${spread(p.missP99, 2)} ms; hit ratio ${spread(p.hitRatio, 4)}, wrong hits ${spread(p.wrongHits, 0)}.`];
}

/** A table as aligned plain-text columns. */
export function textTable({ title, header, rows }) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  return ['', title, ...cells.map(line)].join('\n');
}

/** A table in markdown. */
export function markdownTable({ title, header, rows }) {
  const line = (row) => `| ${row.join(' | ')} |`;
  return ['', `${title}:`, '', line(header), line(header.map((_, c) => (c === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
