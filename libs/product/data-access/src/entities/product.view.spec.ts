import type { ProductEntity } from './product.entity';
import { toProductView } from './product.view';

describe('toProductView', () => {
  it('keeps the price a two-decimal string and the documented field order', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const row: ProductEntity = {
      version: 2,
      category: null,
      stock: 5,
      price: '0.10',
      description: null,
      name: 'Pen',
      id: 9,
      createdAt: at,
      updatedAt: at,
    };
    expect(JSON.stringify(toProductView(row))).toBe(
      '{"id":9,"name":"Pen","description":null,"price":"0.10","stock":5,"category":null,"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z","version":2}',
    );
  });
});
