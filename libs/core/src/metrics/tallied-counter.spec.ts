import { register } from 'prom-client';
import { talliedCounter } from './metric-registry';

describe('talliedCounter', () => {
  it('moves what the tallies counted into the Prometheus counter at each scrape, once', async () => {
    const counter = talliedCounter({ name: 'test_tallied_total', help: 'test', labelNames: ['kind'] });
    const hits = counter.tally({ kind: 'hit' });
    const misses = counter.tally({ kind: 'miss' });
    hits.count += 3;
    misses.count += 1;
    expect(await register.getSingleMetricAsString('test_tallied_total')).toContain(
      'test_tallied_total{kind="hit"} 3',
    );
    hits.count += 2;
    const text = await register.getSingleMetricAsString('test_tallied_total');
    expect(text).toContain('test_tallied_total{kind="hit"} 5');
    expect(text).toContain('test_tallied_total{kind="miss"} 1');
    expect(talliedCounter({ name: 'test_tallied_total', help: 'test', labelNames: ['kind'] })).toBe(counter);
  });
});
