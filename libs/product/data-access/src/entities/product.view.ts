import type { ProductEntity } from './product.entity';

/** A product as the API shows it (and as it is cached). Prices are strings with two decimals. */
export interface ProductView {
  id: number;
  name: string;
  description: string | null;
  price: string;
  stock: number;
  category: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The API view of a row; field order is fixed so cached JSON is stable. */
export function toProductView(product: ProductEntity): ProductView {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price,
    stock: product.stock,
    category: product.category,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
    version: product.version,
  };
}
