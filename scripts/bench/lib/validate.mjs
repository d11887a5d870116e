// The quick mode's check: every scenario that was asked for ran and produced finite figures. It does not judge
// the targets (a loaded CI machine says little about speed).
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

export function validate(results, only) {
  const problems = [];
  const need = (ok, what) => ok || problems.push(what);
  for (const [id, s] of Object.entries(results.throughput ?? {})) {
    need(finite(s.rps.median) && s.rps.median > 0, `${id}: no requests per second`);
    need(finite(s.p99.median), `${id}: no p99`);
    need(s.requests > 0 && s.errors + s.non2xx < s.requests * 0.01, `${id}: ${s.errors} errors and ${s.non2xx} non-2xx of ${s.requests}`);
  }
  for (const id of only) if (!results[id] && !results.throughput?.[id]) problems.push(`${id}: did not run`);
  if (results.batch) {
    const b = results.batch;
    need(finite(b.roundTripsPerBatch.median) && finite(b.batch.p50.median), 'batch: no figures');
    need(b.errors + b.non2xx === 0, `batch: ${b.errors} errors and ${b.non2xx} non-2xx`);
  }
  if (results.stampede) for (const [k, v] of Object.entries(results.stampede)) need(v.ok === v.requests, `stampede ${k}: ${v.ok} of ${v.requests} answered 200`);
  if (results.lag) need(finite(results.lag.warmerApplied.p99.median) && finite(results.lag.allFreshFromSent.p99.median), 'lag: no percentiles');
  if (results.clients) need(finite(results.clients.ioredisGetUs.median) && finite(results.clients.nodeRedisGetUs.median), 'clients: no figures');
  if (results.zipf) {
    const z = results.zipf;
    need(z.requests > 0 && finite(z.hitRatio.median), 'zipf: no figures');
    need(z.errors + z.non2xx < z.requests * 0.01, `zipf: ${z.errors} errors and ${z.non2xx} non-2xx of ${z.requests}`);
  }
  if (results.profile) for (const [id, p] of Object.entries(results.profile)) need(p.packages.length > 0, `profile ${id}: empty`);
  validateSemantic(results, need);
  return problems;
}

/** The semantic cache's scenarios: figures for every embedder, index and mode (no error rates but the e2e's). */
function validateSemantic(results, need) {
  const quality = results['semantic-quality'];
  if (quality) {
    need(quality.embedders?.length > 0, 'semantic-quality: no embedder measured');
    for (const e of quality.embedders ?? []) {
      need(finite(e.withGuards.precision) && finite(e.withGuards.recall), `semantic-quality ${e.embedder}: no precision or recall`);
      need(finite(e.thresholdOnly.precision) && finite(e.thresholdOnly.recall), `semantic-quality ${e.embedder}: no similarity-only figures`);
    }
  }
  const latency = results['semantic-latency'];
  if (latency) {
    need(latency.indexes?.length > 0, 'semantic-latency: no index measured');
    for (const i of latency.indexes ?? []) need(finite(i.buildMs.median) && finite(i.p99.median), `semantic-latency ${i.kind} ${i.size}: no figures`);
    need(finite(latency.lookupPath?.p99.median), 'semantic-latency: no lookup-path figures');
  }
  const e2e = results['semantic-e2e'];
  if (e2e) {
    const modes = Object.values(e2e.modes ?? {});
    need(modes.length === 3, `semantic-e2e: ${modes.length} of 3 modes ran`);
    for (const m of modes) need(m.requests > 0 && m.errors === 0 && finite(m.latencyMs.p50), `semantic-e2e ${m.mode}: ${m.errors} errors of ${m.requests}`);
    need(finite(e2e.modes?.semantic?.hitMissSpeedup), 'semantic-e2e: no hit/miss ratio');
  }
}
