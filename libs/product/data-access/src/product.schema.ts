import type { ServiceSchema } from '@fleetcache/db';
import { ProductEntity } from './entities/product.entity';
import { CreateProducts1763700002000 } from './migrations/1763700002000-create-products.migration';

/** Entities, migrations and migrations table of the product service's database. */
export const PRODUCT_SCHEMA: ServiceSchema = {
  entities: [ProductEntity],
  migrations: [CreateProducts1763700002000],
  migrationsTableName: 'product_service_migrations',
};
