// Helpers of prometheus.spec.ts: promtool, the metric names a PromQL expression reads, the metric names the
// exporters and the apps export, and schemas of the two Prometheus Operator kinds k8s/components/prometheus renders.
import Ajv, { type ErrorObject } from 'ajv';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, ROOT, type Manifest } from './manifest';

/** What a promtool run printed (stdout and stderr together) and its exit status. */
export interface PromtoolRun {
  status: number | null;
  output: string;
}

/** Runs promtool (scripts/deploy/ensure-tools.sh installs it) in the repository root. */
export function promtool(args: string[], cwd = ROOT): PromtoolRun {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.error)
    throw new Error(
      `promtool ${args[0] ?? ''}: ${run.error.message} (scripts/deploy/ensure-tools.sh installs it)`,
    );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// Words of PromQL that are not metric names when they stand alone (functions are recognised by their "(").
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'Inf', 'NaN']);

/** The metric names an expression reads (label matchers, label lists, strings, ranges and functions left out). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.:])([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    if (!match[2] && !KEYWORDS.has(match[1]!)) names.add(match[1]!);
  }
  return [...names];
}

/**
 * The redis_exporter (oliver006/redis_exporter, v1.88.0: exporter/exporter.go) and memcached_exporter
 * (prometheus/memcached_exporter, v0.16.0: pkg/exporter/exporter.go) metrics the rules and the dashboard read, as
 * their sources name them, and what Prometheus itself records (ALERTS).
 */
export const EXPORTER_METRICS = new Set([
  'redis_up',
  'redis_keyspace_hits_total',
  'redis_keyspace_misses_total',
  'redis_evicted_keys_total',
  'redis_memory_used_bytes',
  'redis_memory_max_bytes',
  'redis_connected_clients',
  'redis_cpu_sys_main_thread_seconds_total',
  'redis_cpu_user_main_thread_seconds_total',
  'redis_connected_slave_lag_seconds',
  'redis_master_link_up',
  'redis_commands_duration_seconds_total',
  'redis_commands_total',
  'memcached_up',
  'memcached_commands_total',
  'memcached_items_evicted_total',
  'memcached_current_connections',
  'memcached_current_bytes',
  'memcached_limit_bytes',
  'ALERTS',
]);

/** Every fleetcache_* metric the apps and libraries define (`name: 'fleetcache_…'` in their non-test sources). */
export function appMetricNames(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'test') walk(path);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/name:\s*'(fleetcache_[a-z0-9_]+)'/g))
          found.add(m[1]!);
      }
    }
  };
  walk(join(ROOT, 'libs'));
  walk(join(ROOT, 'apps'));
  return found;
}

/** A metric name as its family is defined: a histogram's _bucket, _sum and _count series belong to its name. */
export function family(name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '');
}

const DURATION =
  '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const METADATA = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    namespace: { type: 'string' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
  },
};
const LABEL_SELECTOR = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: STRING_MAP,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        additionalProperties: false,
        properties: {
          key: { type: 'string' },
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
const RELABELINGS = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    properties: {
      sourceLabels: { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' } },
      separator: { type: 'string' },
      targetLabel: { type: 'string' },
      regex: { type: 'string' },
      modulus: { type: 'integer' },
      replacement: { type: 'string' },
      action: {
        enum: [
          'replace',
          'keep',
          'drop',
          'hashmod',
          'labelmap',
          'labeldrop',
          'labelkeep',
          'lowercase',
          'uppercase',
          'keepequal',
          'dropequal',
        ],
      },
    },
  },
};

/**
 * The parts of the Prometheus Operator's CRDs (monitoring.coreos.com/v1) that fleetcache uses, strict: an unknown or
 * misspelt field, a wrong type or a malformed duration fails, as the CRD's OpenAPI schema would refuse it on apply.
 */
const CRD_SCHEMAS: Record<string, object> = {
  'monitoring.coreos.com/v1/ServiceMonitor': {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: 'monitoring.coreos.com/v1' },
      kind: { const: 'ServiceMonitor' },
      metadata: METADATA,
      spec: {
        type: 'object',
        required: ['selector', 'endpoints'],
        additionalProperties: false,
        properties: {
          selector: LABEL_SELECTOR,
          namespaceSelector: {
            type: 'object',
            additionalProperties: false,
            properties: {
              any: { type: 'boolean' },
              matchNames: { type: 'array', items: { type: 'string' } },
            },
          },
          jobLabel: { type: 'string' },
          targetLabels: { type: 'array', items: { type: 'string' } },
          podTargetLabels: { type: 'array', items: { type: 'string' } },
          endpoints: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['port'],
              additionalProperties: false,
              properties: {
                port: { type: 'string', minLength: 1 },
                path: { type: 'string', pattern: '^/' },
                scheme: { enum: ['http', 'https'] },
                interval: { type: 'string', pattern: DURATION },
                scrapeTimeout: { type: 'string', pattern: DURATION },
                honorLabels: { type: 'boolean' },
                relabelings: RELABELINGS,
                metricRelabelings: RELABELINGS,
              },
            },
          },
        },
      },
    },
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: 'monitoring.coreos.com/v1' },
      kind: { const: 'PrometheusRule' },
      metadata: METADATA,
      spec: {
        type: 'object',
        required: ['groups'],
        additionalProperties: false,
        properties: {
          groups: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['name', 'rules'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', minLength: 1 },
                interval: { type: 'string', pattern: DURATION },
                rules: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['expr'],
                    oneOf: [{ required: ['record'] }, { required: ['alert'] }],
                    additionalProperties: false,
                    properties: {
                      record: { type: 'string', minLength: 1 },
                      alert: { type: 'string', minLength: 1 },
                      expr: { type: 'string', minLength: 1 },
                      for: { type: 'string', pattern: DURATION },
                      keep_firing_for: { type: 'string', pattern: DURATION },
                      labels: STRING_MAP,
                      annotations: STRING_MAP,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = new Map(
  Object.entries(CRD_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)]),
);

/** Whether a document is of a kind CRD_SCHEMAS validates (not one of the Kubernetes API's own kinds). */
export function isCustomResource(doc: Manifest): boolean {
  return crdValidators.has(`${doc.apiVersion}/${doc.kind}`);
}

/** Every problem of a ServiceMonitor or PrometheusRule; empty when it is valid. */
export function customResourceProblems(doc: Manifest): string[] {
  const validate = crdValidators.get(`${doc.apiVersion}/${doc.kind}`);
  if (!validate) return [`${describe(doc)}: not a custom resource kind known here`];
  if (validate(doc)) return [];
  return (validate.errors ?? [])
    .filter((e: ErrorObject) => e.keyword !== 'oneOf')
    .map((e: ErrorObject) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : '';
      return `${describe(doc)}: ${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
    });
}
