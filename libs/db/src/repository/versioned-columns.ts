import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Columns every versioned table has: INT id, created/updated timestamps in microseconds, and `version`, bumped by
 * every write and compared by the cache's fence (invariant I2). Entities extend it.
 */
export abstract class VersionedColumns {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}
