import { Injectable } from '@nestjs/common';
import { BoundedDb, VersionedRepository } from '@fleetcache/db';
import { ProductEntity } from '../entities/product.entity';
import { ProductNotFoundError } from '../errors/product.errors';

/** Fields a client may set. */
export interface ProductFields {
  name: string;
  description?: string | null;
  /** Decimal string with two places, e.g. "12.50". */
  price: string;
  stock?: number;
  category?: string | null;
}

/** Access to `products`: every write bumps `version` inside the caller's transaction. */
@Injectable()
export class ProductsRepository extends VersionedRepository<ProductEntity, ProductFields> {
  constructor(db: BoundedDb) {
    super(db, ProductEntity, { notFound: (id) => new ProductNotFoundError(id) });
  }
}
