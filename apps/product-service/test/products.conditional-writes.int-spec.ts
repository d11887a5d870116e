import { http, startProductService, type RunningService } from './support/product-service.harness';

/** If-Match on PATCH and DELETE /products/:id: the same rules as users (one parser, one SQL condition). */
describe('Conditional writes on product-service: If-Match', () => {
  let svc: RunningService;

  const create = async (): Promise<number> =>
    (await http(`${svc.url}/products`, { method: 'POST', body: { name: 'Cond', price: '1.00' } })).body.data
      .id;
  const patch = (id: number, ifMatch: string, stock: number) =>
    http(`${svc.url}/products/${id}`, { method: 'PATCH', body: { stock }, headers: { 'if-match': ifMatch } });
  const remove = (id: number, ifMatch: string) =>
    http(`${svc.url}/products/${id}`, { method: 'DELETE', headers: { 'if-match': ifMatch } });
  const current = async (id: number) => (await http(`${svc.url}/products/${id}`)).body.data;

  beforeAll(async () => {
    svc = await startProductService();
  });
  afterAll(() => svc.close());

  it('PATCH: weak → 412 unchanged, strong → 200, list with → 200, list without → 412, * → 200, malformed → 400', async () => {
    const id = await create();
    expect((await patch(id, 'W/"1"', 5)).status).toBe(412);
    expect(await current(id)).toMatchObject({ version: 1 });
    expect((await patch(id, '"1"', 6)).status).toBe(200);
    expect((await patch(id, '"9", "2"', 7)).status).toBe(200);
    const missed = await patch(id, '"1", "2"', 8);
    expect(missed.status).toBe(412);
    expect(missed.body.code).toBe('VERSION_MISMATCH');
    expect((await patch(id, '*', 9)).status).toBe(200);
    const malformed = await patch(id, '4', 10);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/If-Match must be \* or a comma-separated list of entity tags/);
    expect(await current(id)).toMatchObject({ version: 4, stock: 9 });
  });

  it('DELETE: weak or a list without → 412 and kept, malformed → 400, a list with the version → 204', async () => {
    const id = await create();
    expect((await remove(id, 'W/"1"')).status).toBe(412);
    expect((await remove(id, '"2"')).status).toBe(412);
    expect((await remove(id, '"1" "2"')).status).toBe(400);
    expect(await current(id)).toMatchObject({ version: 1 });
    expect((await remove(id, '"2", "1"')).status).toBe(204);
    expect((await http(`${svc.url}/products/${id}`)).status).toBe(404);
    const any = await create();
    expect((await remove(any, '*')).status).toBe(204);
  });
});
