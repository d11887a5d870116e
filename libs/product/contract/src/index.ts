export { PRODUCT_ENTITY_TYPE, TRENDING_PRODUCTS } from './product.entity-type';
