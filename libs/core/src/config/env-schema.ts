import type { EnvClass } from './validate-env';

/** One variable of a schema built at run time: its default and its validation decorators. */
export interface EnvSetting {
  default: unknown;
  decorators: PropertyDecorator[];
}

/**
 * An env schema class built from data, for settings whose names are derived (one set per registered entity type,
 * e.g. CACHE_TTL_ORDER_SECONDS). It validates and reports like a hand-written schema class.
 */
export function defineEnvSchema(name: string, settings: Record<string, EnvSetting>): EnvClass {
  const schema = class {
    constructor() {
      for (const [key, setting] of Object.entries(settings))
        Object.defineProperty(this, key, { value: setting.default, writable: true, enumerable: true });
    }
  };
  Object.defineProperty(schema, 'name', { value: name });
  for (const [key, setting] of Object.entries(settings))
    for (const decorate of setting.decorators) decorate(schema.prototype, key);
  return schema;
}
