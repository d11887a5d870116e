import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

/** If-Match on PATCH and DELETE /users/:id (RFC 9110 §13.1.1: `*` or a list of tags, compared strongly). */
describe('Conditional writes on user-service: If-Match', () => {
  let svc: RunningService;

  const create = async (tag: string): Promise<number> =>
    (await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Cond', email: uniqueEmail(tag) } })).body
      .data.id;
  const patch = (id: number, ifMatch: string, age: number) =>
    http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { age }, headers: { 'if-match': ifMatch } });
  const remove = (id: number, ifMatch: string) =>
    http(`${svc.url}/users/${id}`, { method: 'DELETE', headers: { 'if-match': ifMatch } });
  const current = async (id: number) => (await http(`${svc.url}/users/${id}`)).body.data;
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `"${i + 1}"`).join(', ');

  beforeAll(async () => {
    svc = await startUserService();
  });
  afterAll(() => svc.close());

  describe('PATCH', () => {
    let id: number;
    beforeAll(async () => {
      id = await create('cond-patch');
    });

    it('a weak tag of the current version is 412 and changes nothing', async () => {
      const weak = await patch(id, 'W/"1"', 10);
      expect(weak.status).toBe(412);
      expect(weak.body).toMatchObject({
        code: 'VERSION_MISMATCH',
        error: expect.stringMatching(/W\/"1" never matches \(If-Match compares strongly\), "1" does/),
      });
      expect(await current(id)).toMatchObject({ version: 1, age: null });
    });

    it('the strong tag of the current version is 200', async () => {
      const strong = await patch(id, '"1"', 11);
      expect(strong.status).toBe(200);
      expect(strong.body.data).toMatchObject({ version: 2, age: 11 });
    });

    it('a list that names the current version is 200; one that does not is 412 and changes nothing', async () => {
      const listed = await patch(id, '"7", W/"1", "2"', 12);
      expect(listed.status).toBe(200);
      expect(listed.body.data).toMatchObject({ version: 3, age: 12 });
      const missed = await patch(id, '"1", "2", W/"3"', 13);
      expect(missed.status).toBe(412);
      expect(missed.body).toMatchObject({
        code: 'VERSION_MISMATCH',
        error: expect.stringMatching(/expects one of versions 1, 2, the current version is 3/),
      });
      expect(await current(id)).toMatchObject({ version: 3, age: 12 });
    });

    it('* is 200 on an existing user; on an absent one the 404 comes first (RFC 9110 §13.2.1)', async () => {
      const any = await patch(id, '*', 14);
      expect(any.status).toBe(200);
      expect(any.body.data).toMatchObject({ version: 4, age: 14 });
      expect((await patch(2147483000, '*', 1)).status).toBe(404);
      expect((await patch(2147483000, 'W/"1"', 1)).status).toBe(404);
    });

    it.each([
      ['no quotes', '4', /If-Match must be \* or a comma-separated list of entity tags such as "3"/],
      ['tags without a comma', '"4" "5"', /If-Match must be \* or a comma-separated list/],
      ['* in a list', '*, "4"', /If-Match must be \* or a comma-separated list/],
      ['21 tags', tags(21), /If-Match may list at most 20 entity tags/],
      ['600 characters', `"${'4'.repeat(598)}"`, /If-Match may be at most 512 characters long, got 600/],
    ])(
      'a malformed If-Match (%s) is 400, says what is expected and changes nothing',
      async (_, header, message) => {
        const malformed = await patch(id, header, 99);
        expect(malformed.status).toBe(400);
        expect(malformed.body).toMatchObject({
          code: 'INVALID_INPUT',
          error: expect.stringMatching(message),
        });
        expect(await current(id)).toMatchObject({ version: 4, age: 14 });
      },
    );

    it('is atomic: of two writes with the same If-Match, exactly one applies', async () => {
      const raced = await create('cond-race');
      const answers = await Promise.all([patch(raced, '"1"', 21), patch(raced, '"1", "5"', 22)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
      const winner = answers.find((a) => a.status === 200)?.body.data;
      expect(await current(raced)).toMatchObject({ version: 2, age: winner?.age });
    });
  });

  describe('DELETE', () => {
    it('a weak tag or a list without the current version is 412 and keeps the user; a list with it is 204', async () => {
      const id = await create('cond-delete');
      const weak = await remove(id, 'W/"1"');
      expect(weak.status).toBe(412);
      expect(weak.body.code).toBe('VERSION_MISMATCH');
      expect((await remove(id, '"2", "3"')).status).toBe(412);
      expect(await current(id)).toMatchObject({ version: 1 });
      expect((await remove(id, '"3", "1"')).status).toBe(204);
      expect((await http(`${svc.url}/users/${id}`)).status).toBe(404);
    });

    it('the strong tag of the current version and * are 204', async () => {
      const first = await create('cond-delete-strong');
      expect((await remove(first, '"1"')).status).toBe(204);
      const second = await create('cond-delete-any');
      expect((await remove(second, '*')).status).toBe(204);
      expect((await http(`${svc.url}/users/${second}`)).status).toBe(404);
      expect((await remove(second, '*')).status).toBe(404);
    });

    it('a malformed If-Match is 400 and keeps the user', async () => {
      const id = await create('cond-delete-bad');
      for (const header of ['one', tags(21), 'W/ "1"']) {
        const malformed = await remove(id, header);
        expect(malformed.status).toBe(400);
        expect(malformed.body.error).toMatch(/If-Match/);
      }
      expect(await current(id)).toMatchObject({ version: 1 });
    });
  });
});
