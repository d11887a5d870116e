import { Module, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

/** Serves GET /metrics and collects the default Node.js process metrics once per process. */
@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ prefix: '' });
  }
}
