export {
  AppError,
  InvalidInputError,
  DependencyUnavailableError,
  OverloadedError,
  PreconditionFailedError,
  type ErrorKind,
} from './errors/app-error';
export { validateEnv, ConfigValidationError, type EnvClass } from './config/validate-env';
export { EnvInt, EnvBool } from './config/env-transforms';
export {
  counter,
  gauge,
  histogram,
  talliedCounter,
  type Tally,
  type TalliedCounter,
} from './metrics/metric-registry';
export { throttle } from './logging/throttle';
export { parseEntityId, parseEntityIdList, MAX_INT_ID, MAX_BATCH_IDS } from './ids/entity-id';
export { withTimeout, TimeoutError } from './async/with-timeout';
export { Deadlines } from './async/deadlines';
export { MaxChars } from './validation/max-chars';
