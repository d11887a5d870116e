import { http, metric, startProductService, type RunningService } from './support/product-service.harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('product-service over the real Redis Cluster and MariaDB', () => {
  let svc: RunningService;
  const create = async (name: string, price: string) =>
    (await http(`${svc.url}/products`, { method: 'POST', body: { name, price, stock: 5, category: 'Test' } }))
      .body.data;
  const view = (id: number, times: number) =>
    Promise.all(Array.from({ length: times }, () => http(`${svc.url}/products/${id}`)));
  type Item = { views: number; product: { id: number; price: string } };
  /** The trending list restricted to the given products (other tests view products too). */
  const trendingOf = async (ids: number[]) => {
    const res = await http(`${svc.url}/products/trending?limit=100`);
    return {
      status: res.headers.get('x-cache-status'),
      items: (res.body.data as Item[]).filter((i) => ids.includes(i.product.id)),
    };
  };

  beforeAll(async () => {
    svc = await startProductService();
  });
  afterAll(() => svc.close());

  it('keeps prices exact two-decimal strings and reads MISS then HIT', async () => {
    const created = await http(`${svc.url}/products`, {
      method: 'POST',
      body: { name: 'Pen', price: '0.1', description: null },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Pen', price: '0.10', stock: 0, version: 1 });
    const id = created.body.data.id;
    const first = await http(`${svc.url}/products/${id}`);
    expect(first.headers.get('x-cache-status')).toBe('HIT'); // written through on create
    const patched = await http(`${svc.url}/products/${id}`, { method: 'PATCH', body: { price: '1234.5' } });
    expect(patched.body.data).toMatchObject({ price: '1234.50', version: 2 });
    const selects = await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' });
    const read = await http(`${svc.url}/products/${id}`);
    expect(read.body).toMatchObject({ source: 'cache', data: { price: '1234.50', version: 2 } });
    expect(await metric(svc.internalUrl, 'fleetcache_db_queries_total', { kind: 'select' })).toBe(selects);
    const batch = await http(`${svc.url}/products?ids=${id},2147483000`);
    expect(batch.body.data.map((p: { id: number } | null) => p?.id ?? null)).toEqual([id, null]);
  });

  it('trending: views move the ranking; a change or delete of a listed product drops the cached list', async () => {
    const [a, b, c] = [
      await create('Trend A', '10.00'),
      await create('Trend B', '20.00'),
      await create('Trend C', '30.00'),
    ];
    await view(a.id, 5);
    await view(b.id, 3);
    await view(c.id, 1);
    await sleep(1300); // view counts are aggregated in process and flushed every second
    const ids = [a.id, b.id, c.id];
    const first = await trendingOf(ids);
    expect(first.status).toBe('MISS');
    expect(first.items.map((i) => [i.product.id, i.views])).toEqual([
      [a.id, 5],
      [b.id, 3],
      [c.id, 1],
    ]);
    expect((await trendingOf(ids)).status).toBe('HIT');

    await http(`${svc.url}/products/${b.id}`, { method: 'PATCH', body: { price: '19.99' } });
    const afterChange = await trendingOf(ids);
    expect(afterChange.status).toBe('MISS');
    expect(afterChange.items[1].product).toMatchObject({ id: b.id, price: '19.99' });

    await view(c.id, 10);
    await sleep(1300);
    await http(`${svc.url}/products/${a.id}`, { method: 'DELETE' });
    const afterDelete = await trendingOf(ids);
    expect(afterDelete.status).toBe('MISS');
    expect(afterDelete.items.map((i) => [i.product.id, i.views])).toEqual([
      [c.id, 11],
      [b.id, 3],
    ]);
    const limited = await http(`${svc.url}/products/trending?limit=1`);
    expect(limited.body.data).toHaveLength(1);
  });

  it.each([
    ['a float price', 'POST', '/products', { name: 'X', price: 12.5 }, /price must be a string/],
    ['a price with 3 decimals', 'POST', '/products', { name: 'X', price: '1.234' }, /price must be a string/],
    [
      'a negative stock',
      'POST',
      '/products',
      { name: 'X', price: '1', stock: -1 },
      /stock must not be less than 0/,
    ],
    ['a null price', 'PATCH', '/products/1', { price: null }, /price must be a string/],
  ])('%s is 400', async (_name, method, path, body, message) => {
    const res = await http(`${svc.url}${path}`, { method, body });
    expect(res.status).toBe(400);
    expect([res.body.error, ...(res.body.details ?? [])].join('\n')).toMatch(message);
  });

  it.each(['0', '101', 'ten', '1.5'])('trending limit=%s is 400', async (limit) => {
    const res = await http(`${svc.url}/products/trending?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/limit must be an integer from 1 to 100/);
  });

  it('404s with the product message', async () => {
    expect((await http(`${svc.url}/products/2147483000`)).body).toMatchObject({ error: 'Product not found' });
  });
});
