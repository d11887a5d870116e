export { ProductFeatureModule } from './product-feature.module';
export { ProductsService } from './products/products.service';
export { PRODUCT_VIEWS_RANKING, TRENDING_MAX } from './trending/trending.constants';
export { PRODUCT_SERVICE } from './product-service.definition';
export { ProductServiceHttpEnv } from './product-service.env';
