export { ServiceEnv } from './config/service.env';
export { ServiceConfigModule } from './config/service-config.module';
export { SERVICE_ENV } from './config/service-config.constants';
export { LoggingModule } from './logging/logging.module';
export { MetricsModule } from './metrics/metrics.module';
export { HealthModule } from './health/health.module';
export { ServingState } from './health/serving-state';
export { AppExceptionFilter, type ErrorTranslator } from './http/app-exception.filter';
export { StrictValidationPipe } from './http/strict-validation.pipe';
export { elapsedMs } from './http/response-time';
export { EntityIdPipe } from './http/entity-id.pipe';
export { drainAndClose } from './http/shutdown';
export {
  createHttpApp,
  runHttpApp,
  listenFromConfig,
  listenOnBothPorts,
  BODY_LIMIT_BYTES,
  type ServiceInfo,
  type HttpEdgeOptions,
  type ListeningUrls,
} from './http/create-http-app';
export type { ErrorBody } from './http/error-body';
export { HEALTH_PATHS, DEPENDENCY_PROBES, type DependencyProbe } from './health/health.options';
export { RateLimitEnv } from './rate-limit/rate-limit.env';
export { ApiAuthEnv } from './auth/api-auth.env';
export { MAX_ERROR_DETAILS } from './http/strict-validation.pipe';
export { JSON_BODY_LIMITS } from './http/json-body.parser';
export { RateLimitModule } from './rate-limit/rate-limit.module';
export { ApiAuthModule } from './auth/api-auth.module';
