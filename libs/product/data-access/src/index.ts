export { ProductEntity } from './entities/product.entity';
export { toProductView, type ProductView } from './entities/product.view';
export { ProductNotFoundError } from './errors/product.errors';
export { ProductsRepository, type ProductFields } from './repository/products.repository';
export { ProductDataAccessModule } from './product-data-access.module';
export { PRODUCT_SCHEMA } from './product.schema';
export { seedProducts, SAMPLE_PRODUCTS } from './seed/product-seed';
