import { VersionedColumns } from '@fleetcache/db';
import { Column, Entity, Index } from 'typeorm';

/** A row of `products` (schema owned by the hand-written migrations in ../migrations). */
@Entity({ name: 'products' })
export class ProductEntity extends VersionedColumns {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** DECIMAL(10,2): the driver returns it as a string ("12.50"), so no float rounding ever touches a price. */
  @Column({ type: 'decimal', precision: 10, scale: 2 })
  price: string;

  @Column({ type: 'int', default: 0 })
  stock: number;

  @Index('idx_products_category')
  @Column({ type: 'varchar', length: 100, nullable: true })
  category: string | null;
}
