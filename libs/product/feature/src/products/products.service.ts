import { Injectable } from '@nestjs/common';
import { DerivedCache, EntityCache, Rankings } from '@fleetcache/cache';
import { CachedEntityService } from '@fleetcache/entity-api';
import { Outbox } from '@fleetcache/events';
import {
  ProductNotFoundError,
  ProductsRepository,
  toProductView,
  type ProductEntity,
  type ProductFields,
  type ProductView,
} from '@fleetcache/product-data-access';
import { TRENDING_LIST } from '../trending/trending.constants';

/** Cache entity type of products. */
export const PRODUCT_ENTITY = 'product';

/** Products through the cache; every read counts a view (the trending ranking), every write drops a trending list that contains it. */
@Injectable()
export class ProductsService extends CachedEntityService<ProductEntity, ProductFields, ProductView> {
  constructor(
    products: ProductsRepository,
    cache: EntityCache,
    outbox: Outbox,
    rankings: Rankings,
    private readonly derived: DerivedCache,
  ) {
    super(
      {
        entity: PRODUCT_ENTITY,
        toView: toProductView,
        notFound: (id) => new ProductNotFoundError(id),
        fieldNames: ['name', 'description', 'price', 'stock', 'category'],
        readSampleRate: 1,
      },
      products,
      cache,
      outbox,
      rankings,
    );
  }

  protected override async afterCommit(id: number): Promise<void> {
    await this.derived.invalidate(TRENDING_LIST, id);
  }
}
