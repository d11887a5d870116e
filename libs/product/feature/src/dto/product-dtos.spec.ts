import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateProductDto } from './create-product.dto';
import { UpdateProductDto } from './update-product.dto';

function check<T extends object>(cls: new () => T, body: object): { value: T; problems: string[] } {
  const value = plainToInstance(cls, body);
  const problems = validateSync(value, { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );
  return { value, problems };
}

describe('product DTOs', () => {
  it.each([
    ['12.5', '12.50'],
    ['0', '0.00'],
    ['99999999.99', '99999999.99'],
    ['7.05', '7.05'],
  ])('normalises price %s to %s without floats', (price, stored) => {
    const { value, problems } = check(CreateProductDto, { name: 'Pen', price });
    expect(problems).toEqual([]);
    expect(value.price).toBe(stored);
  });

  it.each([12.5, '-1', '1.234', '100000000', '1e3', '', ' 1', null, '01'])('rejects price %j', (price) => {
    expect(check(CreateProductDto, { name: 'Pen', price }).problems.join()).toMatch(/price must be a string/);
  });

  it('rejects negative stock and over-long names', () => {
    expect(
      check(CreateProductDto, { name: 'x'.repeat(201), price: '1', stock: -1 }).problems.join('\n'),
    ).toMatch(
      /name must be at most 200[\s\S]*stock must not be less than 0|stock must not be less than 0[\s\S]*name must be at most 200/,
    );
  });

  it('update: any subset, never a null price, name or stock', () => {
    expect(check(UpdateProductDto, { description: null, category: null }).problems).toEqual([]);
    for (const field of ['price', 'name', 'stock'])
      expect(check(UpdateProductDto, { [field]: null }).problems.length).toBeGreaterThan(0);
  });
});
