import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `event_outbox`. Every service that publishes events runs this migration (each in its own migrations
 * table); `IF NOT EXISTS` lets services share one database.
 */
export class CreateEventOutbox1763700001000 implements MigrationInterface {
  name = 'CreateEventOutbox1763700001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS event_outbox (
        id BIGINT NOT NULL AUTO_INCREMENT,
        source VARCHAR(64) NOT NULL,
        event_id CHAR(36) NOT NULL,
        type VARCHAR(64) NOT NULL,
        entity_id INT NOT NULL,
        version INT NOT NULL,
        payload MEDIUMTEXT NOT NULL,
        created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        published_at DATETIME(6) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_event_outbox_event_id (event_id),
        KEY idx_event_outbox_pending (source, published_at, id),
        KEY idx_event_outbox_stream (source, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS event_outbox');
  }
}
