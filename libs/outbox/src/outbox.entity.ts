import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The outbox's table (its migration creates it; its statements name it). */
export const OUTBOX_TABLE = 'event_outbox';

/** A row of `event_outbox`: one change event, written in the same transaction as the change (I3). */
@Entity({ name: OUTBOX_TABLE })
@Index('idx_event_outbox_pending', ['source', 'publishedAt', 'id'])
@Index('idx_event_outbox_stream', ['source', 'id'])
export class OutboxEntity {
  /** The position of the event in its source's stream (replay cursors count these). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  source: string;

  @Index('uq_event_outbox_event_id', { unique: true })
  @Column({ name: 'event_id', type: 'char', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'entity_id', type: 'int' })
  entityId: number;

  @Column({ type: 'int' })
  version: number;

  /** The serialised envelope, published as is. */
  @Column({ type: 'mediumtext' })
  payload: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 6, nullable: true })
  publishedAt: Date | null;
}
