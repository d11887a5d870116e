import { runServiceMain } from '@fleetcache/entity-api';
import { USER_SERVICE } from '@fleetcache/user-feature';

describe('user-service entry point', () => {
  it('is wired to the user feature and the users table', () => {
    expect(USER_SERVICE.definition.source).toBe('user-service');
    expect(USER_SERVICE.definition.schema.migrationsTableName).toBe('user_service_migrations');
  });

  it('refuses an unknown command and a bad seed count before touching anything', async () => {
    await expect(runServiceMain(['serv'], {}, USER_SERVICE)).rejects.toThrow(/unknown command "serv"/);
    await expect(runServiceMain(['seed', '-5'], {}, USER_SERVICE)).rejects.toThrow(
      /seed count must be 0..1000000/,
    );
  });
});
