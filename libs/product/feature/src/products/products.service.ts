import { Injectable } from '@nestjs/common';
import { DerivedCache, EntityCache, Rankings } from '@fleetcache/cache';
import { CachedEntityService } from '@fleetcache/entity-api';
import { Outbox } from '@fleetcache/outbox';
import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';
import {
  ProductNotFoundError,
  ProductsRepository,
  toProductView,
  type ProductEntity,
  type ProductFields,
  type ProductView,
} from '@fleetcache/product-data-access';

/**
 * Products through the cache; every read counts a view (the trending ranking), every write drops a trending list
 * that contains it (a derived value of the product entity type).
 */
@Injectable()
export class ProductsService extends CachedEntityService<ProductEntity, ProductFields, ProductView> {
  constructor(
    products: ProductsRepository,
    cache: EntityCache,
    outbox: Outbox,
    rankings: Rankings,
    derived: DerivedCache,
  ) {
    super(
      {
        type: PRODUCT_ENTITY_TYPE,
        toView: toProductView,
        notFound: (id) => new ProductNotFoundError(id),
        fieldNames: ['name', 'description', 'price', 'stock', 'category'],
        readSampleRate: 1,
      },
      products,
      cache,
      outbox,
      rankings,
      derived,
    );
  }
}
