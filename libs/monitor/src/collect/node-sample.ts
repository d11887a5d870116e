/** One node's datapoints of one collection: CloudWatch-named values (a metric with no value this time is absent). */
export interface NodeSample {
  engine: 'redis' | 'memcached';
  /** `host:port`. */
  node: string;
  /** `master`, `replica` (Redis) or `node` (Memcached). */
  role: string;
  /** Whether the node answered. */
  up: boolean;
  values: Partial<Record<EngineMetric, number>>;
}

/** The engine metrics, under their CloudWatch names. */
export const ENGINE_METRICS = [
  'CacheHits',
  'CacheMisses',
  'CacheHitRate',
  'EngineCPUUtilization',
  'CPUUtilization',
  'DatabaseMemoryUsagePercentage',
  'Evictions',
  'Reclaimed',
  'ReplicationLag',
  'CurrConnections',
  'NewConnections',
  'CurrItems',
  'NetworkBytesIn',
  'NetworkBytesOut',
  'IsMaster',
  'GetTypeCmdsLatency',
  'SetTypeCmdsLatency',
] as const;

/** A CloudWatch-named engine metric. */
export type EngineMetric = (typeof ENGINE_METRICS)[number];
