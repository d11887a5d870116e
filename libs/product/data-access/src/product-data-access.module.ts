import { Module } from '@nestjs/common';
import { ProductsRepository } from './repository/products.repository';

/** Provides {@link ProductsRepository}; needs a TypeORM root connection that includes {@link PRODUCT_SCHEMA}. */
@Module({ providers: [ProductsRepository], exports: [ProductsRepository] })
export class ProductDataAccessModule {}
