import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates `products`; portable to MySQL 8 and MariaDB (CHECKs are enforced by both). */
export class CreateProducts1763700002000 implements MigrationInterface {
  name = 'CreateProducts1763700002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE products (
        id INT NOT NULL AUTO_INCREMENT,
        name VARCHAR(200) NOT NULL,
        description TEXT NULL,
        price DECIMAL(10,2) NOT NULL,
        stock INT NOT NULL DEFAULT 0,
        category VARCHAR(100) NULL,
        created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        version INT NOT NULL DEFAULT 1,
        PRIMARY KEY (id),
        KEY idx_products_category (category),
        CONSTRAINT chk_products_price CHECK (price >= 0),
        CONSTRAINT chk_products_stock CHECK (stock >= 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE products');
  }
}
