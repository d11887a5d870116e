import type { DataSource } from 'typeorm';
import { ProductEntity } from '../entities/product.entity';

/** Sample products in the spirit of the reference architecture's demo data. */
export const SAMPLE_PRODUCTS = Object.freeze([
  {
    name: 'Wireless Mouse',
    description: 'Ergonomic 2.4 GHz mouse',
    price: '29.99',
    stock: 150,
    category: 'Electronics',
  },
  {
    name: 'Mechanical Keyboard',
    description: 'Tenkeyless, brown switches',
    price: '89.00',
    stock: 80,
    category: 'Electronics',
  },
  {
    name: 'Coffee Beans 1kg',
    description: 'Single origin, medium roast',
    price: '24.50',
    stock: 300,
    category: 'Grocery',
  },
]);

const CATEGORIES = ['Electronics', 'Grocery', 'Books', 'Home', 'Sports', null];
const BATCH = 1000;

type SeedRow = Pick<ProductEntity, 'name' | 'description' | 'price' | 'stock' | 'category'>;

function generated(n: number): SeedRow {
  const cents = 199 + ((n * 7919) % 99_800);
  return {
    name: `Product ${n}`,
    description: `Generated product number ${n}`,
    price: (cents / 100).toFixed(2),
    stock: (n * 13) % 500,
    category: CATEGORIES[n % CATEGORIES.length],
  };
}

/** Loads the sample products and `generatedCount` generated ones, once: it only fills an empty table. Returns rows inserted. */
export async function seedProducts(dataSource: DataSource, generatedCount: number): Promise<number> {
  const [{ count }] = await dataSource.query('SELECT COUNT(*) AS count FROM products');
  if (Number(count) > 0) return 0; // products have no natural unique key: seeding twice would duplicate them
  let inserted = 0;
  const rows: SeedRow[] = [
    ...SAMPLE_PRODUCTS,
    ...Array.from({ length: generatedCount }, (_, i) => generated(i + 1)),
  ];
  for (let start = 0; start < rows.length; start += BATCH) {
    const result = await dataSource
      .createQueryBuilder()
      .insert()
      .into(ProductEntity)
      .values(rows.slice(start, start + BATCH))
      .updateEntity(false)
      .execute();
    inserted += (result.raw as { affectedRows?: number }).affectedRows ?? 0;
  }
  return inserted;
}
