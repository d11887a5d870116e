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
  if (results.batch) need(finite(results.batch.roundTripsPerBatch) && results.batch.batch.requests > 0, 'batch: no figures');
  if (results.stampede) for (const [k, v] of Object.entries(results.stampede)) need(v.ok === v.requests, `stampede ${k}: ${v.ok} of ${v.requests} answered 200`);
  if (results.lag) need(finite(results.lag.warmerApplied.p99) && finite(results.lag.allFreshFromSent.p99), 'lag: no percentiles');
  if (results.clients) need(finite(results.clients.ioredisHmgetUs) && finite(results.clients.nodeRedisHmgetUs), 'clients: no figures');
  if (results.zipf) need(results.zipf.requests > 0 && finite(results.zipf.hitRatio.median), 'zipf: no figures');
  return problems;
}
