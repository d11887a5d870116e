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
  return problems;
}
