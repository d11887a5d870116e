import { VersionedColumns, type ServiceSchema } from '@fleetcache/db';
import { Column, Entity, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A row of `test_orders`. */
@Entity({ name: 'test_orders' })
export class OrderEntity extends VersionedColumns {
  @Column({ type: 'varchar', length: 100 })
  item: string;

  @Column({ type: 'int' })
  quantity: number;
}

/** Creates `test_orders` (idempotent: the test database outlives runs). */
export class CreateTestOrders1790000000000 implements MigrationInterface {
  name = 'CreateTestOrders1790000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS test_orders (
        id INT NOT NULL AUTO_INCREMENT,
        item VARCHAR(100) NOT NULL,
        quantity INT NOT NULL,
        created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        version INT NOT NULL DEFAULT 1,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE test_orders');
  }
}

/** The order service's tables and migrations (the outbox is added by the entity shell). */
export const ORDER_SCHEMA: ServiceSchema = {
  entities: [OrderEntity],
  migrations: [CreateTestOrders1790000000000],
  migrationsTableName: 'test_order_service_migrations',
};
