import { AppError } from '@fleetcache/core';

/** No product has this id. */
export class ProductNotFoundError extends AppError {
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(id: number) {
    super('Product not found', { id });
  }
}
