export { ProductFeatureModule } from './product-feature.module';
export { ProductsService, PRODUCT_ENTITY } from './products/products.service';
export { TRENDING_LIST, PRODUCT_VIEWS_RANKING, TRENDING_MAX } from './trending/trending.constants';
export { PRODUCT_SERVICE } from './product-service.definition';
export {
  PRODUCT_SERVICE_ENV_SCHEMAS,
  PRODUCT_SERVICE_SOURCE,
  ProductServiceHttpEnv,
} from './product-service.env';
