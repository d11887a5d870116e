export {
  AppError,
  InvalidInputError,
  OverloadedError,
  PreconditionFailedError,
  type ErrorKind,
} from './errors/app-error';
export { validateEnv, ConfigValidationError, type EnvClass } from './config/validate-env';
export { EnvInt, EnvBool } from './config/env-transforms';
export { IsDeploymentSecret, secretProblem, MIN_PRODUCTION_SECRET_CHARS } from './config/deployment-secret';
export { TlsSetting, type TlsSettingRule } from './config/tls-setting';
export { IsHostPortList, hostPortListProblem, type HostPortListRule } from './config/host-port-list';
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
export { satisfiesVersion, acceptedVersions, type VersionCondition } from './versions/version-condition';
export { defineEnvSchema, type EnvSetting } from './config/env-schema';
export {
  defineEntityType,
  uniqueEntityTypes,
  ENTITY_TYPE_NAME,
  MAX_NEAR_CACHE_MS,
  type EntityTypeDefinition,
  type OwningService,
  type EntityCacheDefaults,
  type DerivedValueDefinition,
} from './entity-types/entity-type';
