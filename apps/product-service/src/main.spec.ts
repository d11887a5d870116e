import { runServiceMain } from '@fleetcache/entity-api';
import { PRODUCT_SERVICE } from '@fleetcache/product-feature';

describe('product-service entry point', () => {
  it('is wired to the product feature and the products table', () => {
    expect(PRODUCT_SERVICE.definition.serviceName).toBe('product-service');
    expect(PRODUCT_SERVICE.definition.schema.migrationsTableName).toBe('product_service_migrations');
  });

  it('refuses an unknown command before touching anything', async () => {
    await expect(runServiceMain(['nope'], {}, PRODUCT_SERVICE)).rejects.toThrow(/unknown command "nope"/);
  });
});
