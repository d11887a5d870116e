/** One sample line of the Prometheus text format. */
export interface TextSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const UNESCAPE: Record<string, string> = { n: '\n', '"': '"', '\\': '\\' };

/**
 * The samples of a Prometheus text exposition (what a service's /metrics answers): `name{labels} value` per line,
 * comments and malformed lines skipped. Written here because the parser package we tried keeps one label set per
 * histogram (a second `delivery` overwrote the first's buckets).
 */
export function parsePrometheusText(text: string): TextSample[] {
  const samples: TextSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const value = Number(match[3].replace(/^\+Inf$/, 'Infinity').replace(/^-Inf$/, '-Infinity'));
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const [, name, raw] of (match[2] ?? '').matchAll(LABEL))
      labels[name] = raw.replace(/\\(.)/g, (_all, c: string) => UNESCAPE[c] ?? c);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}
