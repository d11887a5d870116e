// Writes k8s/components/prometheus/prometheusrule.yaml: the Prometheus Operator's PrometheusRule whose spec.groups
// are the groups of deploy/prometheus/rules/fleetcache.rules.yml, so the Kubernetes component and a plain Prometheus
// load the same rules. Run it after changing the rules: `node deploy/prometheus/render-prometheusrule.mjs`
// (tools/deploy-check/src/prometheus.spec.ts fails while the two differ).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES = 'deploy/prometheus/rules/fleetcache.rules.yml';
const OUTPUT = 'k8s/components/prometheus/prometheusrule.yaml';

const { groups } = parse(readFileSync(join(ROOT, RULES), 'utf8'));
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'fleetcache', labels: { 'app.kubernetes.io/name': 'fleetcache-rules' } },
  spec: { groups },
};
const header = [
  `# Generated from ${RULES} by deploy/prometheus/render-prometheusrule.mjs: edit the rules there, then run`,
  '#   node deploy/prometheus/render-prometheusrule.mjs',
  '# The recording and alerting rules of docs/prometheus.md, for the Prometheus Operator.',
  '',
].join('\n');
writeFileSync(join(ROOT, OUTPUT), header + stringify(rule, { lineWidth: 0 }));
console.log(`wrote ${OUTPUT} (${groups.length} groups, ${groups.flatMap((g) => g.rules).length} rules)`);
