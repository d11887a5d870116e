import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

describe('HTTP validators on user-service: ETag, If-None-Match, If-Match', () => {
  let svc: RunningService;
  let id: number;

  beforeAll(async () => {
    svc = await startUserService();
    id = (
      await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Tagged', email: uniqueEmail('etag') } })
    ).body.data.id;
  });
  afterAll(() => svc.close());

  it('answers 304 with no body while If-None-Match names the current version, 200 once it moved', async () => {
    const first = await http(`${svc.url}/users/${id}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toBe('"1"');
    const notModified = await fetch(`${svc.url}/users/${id}`, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"1"');
    expect(await notModified.text()).toBe('');
    await http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { age: 40 } });
    const moved = await http(`${svc.url}/users/${id}`, { headers: { 'if-none-match': etag } });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
  });

  it('PATCH with a stale If-Match is 412 and changes nothing; with the current one it applies', async () => {
    const stale = await http(`${svc.url}/users/${id}`, {
      method: 'PATCH',
      body: { age: 1 },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 'VERSION_MISMATCH',
      error: expect.stringMatching(/expects version 1, the current version is 2/),
    });
    expect((await http(`${svc.url}/users/${id}`)).body.data).toMatchObject({ age: 40, version: 2 });
    const current = await http(`${svc.url}/users/${id}`, {
      method: 'PATCH',
      body: { age: 41 },
      headers: { 'if-match': '"2"' },
    });
    expect(current.status).toBe(200);
    expect(current.body.data).toMatchObject({ age: 41, version: 3 });
  });

  it('DELETE with a stale If-Match is 412 and keeps the user; a malformed If-Match is 400', async () => {
    expect(
      (await http(`${svc.url}/users/${id}`, { method: 'DELETE', headers: { 'if-match': '"2"' } })).status,
    ).toBe(412);
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(200);
    const malformed = await http(`${svc.url}/users/${id}`, {
      method: 'DELETE',
      headers: { 'if-match': 'three' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/If-Match must be \* or a comma-separated list of entity tags/);
    expect(
      (await http(`${svc.url}/users/${id}`, { method: 'DELETE', headers: { 'if-match': '"3"' } })).status,
    ).toBe(204);
    expect(
      (
        await http(`${svc.url}/users/2147483000`, {
          method: 'PATCH',
          body: { age: 1 },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(404);
  });
});
