import { runServiceMain, validateServiceEnv } from '@fleetcache/entity-api';
import { defineEntityType } from '@fleetcache/core';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';
import { USER_SERVICE } from '@fleetcache/user-feature';

describe('user-service entry point', () => {
  it('is wired to the user feature and the users table', () => {
    expect(USER_SERVICE.definition.serviceName).toBe('user-service');
    expect(USER_SERVICE.definition.schema.migrationsTableName).toBe('user_service_migrations');
  });

  it('refuses an unknown command and a bad seed count before touching anything', async () => {
    await expect(runServiceMain(['serv'], {}, USER_SERVICE)).rejects.toThrow(/unknown command "serv"/);
    await expect(runServiceMain(['seed', '-5'], {}, USER_SERVICE)).rejects.toThrow(
      /seed count must be 0..1000000/,
    );
  });
});

describe('user-service registering entity types', () => {
  it('refuses a type another service owns', () => {
    const invoice = defineEntityType({
      name: 'invoice',
      service: { name: 'billing-service', port: 3010, internalPort: 9010, path: '/invoices' },
      cache: { ttlSeconds: 60, staleAfterSeconds: 0, nearCacheMs: 0 },
      derived: [],
    });
    const definition = { ...USER_SERVICE.definition, entityTypes: [USER_ENTITY_TYPE, invoice] };
    expect(() => validateServiceEnv({ INTERNAL_TOKEN: 'x'.repeat(16) }, definition)).toThrow(
      'user-service registers entity types another service owns: invoice (billing-service)',
    );
  });
});
