import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

describe('user-service rejects bad input with a clear 4xx and changes nothing', () => {
  let svc: RunningService;
  let user: { id: number; version: number; email: string };

  beforeAll(async () => {
    svc = await startUserService();
    user = (
      await http(`${svc.url}/users`, {
        method: 'POST',
        body: { name: 'Guarded', email: uniqueEmail('bad'), age: 30 },
      })
    ).body.data;
  });
  afterAll(() => svc.close());

  it.each(['0', '-1', 'abc', '1e3', '12345678901234567890', '2147483648', '1.5', '%20'])(
    'GET /users/%s is 400 naming the id',
    async (raw) => {
      const res = await http(`${svc.url}/users/${raw}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/id must be a positive integer/);
    },
  );

  it.each([
    ['missing ids', '', /ids is required/],
    ['101 ids', `?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`, /at most 100 ids, got 101/],
    ['a bad id in the list', '?ids=1,abc,3', /each id in ids must be a positive integer/],
    ['an empty element', '?ids=1,,3', /each id in ids/],
  ])('GET /users with %s is 400', async (_name, query, message) => {
    const res = await http(`${svc.url}/users${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  const badBodies: [string, unknown, RegExp][] = [
    ['an unknown field', { name: 'X', email: uniqueEmail(), admin: true }, /property admin should not exist/],
    ['a number as name', { name: 42, email: uniqueEmail() }, /name must be a string/],
    ['a string as age', { name: 'X', email: uniqueEmail(), age: '28' }, /age must be an integer/],
    ['a negative age', { name: 'X', email: uniqueEmail(), age: -1 }, /age must not be less than 0/],
    [
      'an oversize name',
      { name: 'x'.repeat(101), email: uniqueEmail() },
      /name must be at most 100 characters/,
    ],
    [
      'an oversize city',
      { name: 'X', email: uniqueEmail(), city: 'c'.repeat(101) },
      /city must be at most 100 characters/,
    ],
    ['an invalid email', { name: 'X', email: 'not-an-email' }, /email must be a valid email/],
    [
      'a name of 60 emoji with variation selectors (120 code points)',
      { name: '❤️'.repeat(60), email: uniqueEmail() },
      /name must be at most 100 characters/,
    ],
    ['a missing name', { email: uniqueEmail() }, /name must be a string/],
    ['a blank name', { name: '   ', email: uniqueEmail() }, /name must not be blank/],
    ['an array body', [{ name: 'X' }], /must be a JSON object/],
  ];

  it.each(badBodies)('POST /users with %s is 400', async (_name, body, message) => {
    const res = await http(`${svc.url}/users`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect([res.body.error, ...(res.body.details ?? [])].join('\n')).toMatch(message);
  });

  // Hostile bodies, well under the size limit: each is refused with a 400 that says why, quickly, with a small body.
  const manyKeys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1]));
  const hostileBodies: [string, string, RegExp][] = [
    [
      '20,000 nested arrays',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      /must be a JSON object|nested too deeply/,
    ],
    ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, /nested too deeply/],
    [
      'a name holding 20,000 nested arrays',
      `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      /nested too deeply/,
    ],
    ['5,000 unknown keys', JSON.stringify(manyKeys), /too many members/],
    [
      '200 unknown keys',
      JSON.stringify({
        name: 'X',
        email: uniqueEmail(),
        ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 1])),
      }),
      /should not exist/,
    ],
    [
      'a "constructor" key',
      JSON.stringify({ name: 'X', email: uniqueEmail(), constructor: 'x' }),
      /property constructor should not exist/,
    ],
    [
      'a "prototype" key',
      JSON.stringify({ name: 'X', email: uniqueEmail(), prototype: {} }),
      /property prototype should not exist/,
    ],
    [
      'a "toString" key',
      JSON.stringify({ name: 'X', email: uniqueEmail(), toString: 'x' }),
      /property toString should not exist/,
    ],
    ['a "__proto__" key', `{"name":"X","email":"${uniqueEmail()}","__proto__":{"admin":true}}`, /__proto__/],
    [
      'a lone high surrogate in a string',
      `{"name":"X\\ud800","email":"${uniqueEmail()}"}`,
      /well-formed Unicode/,
    ],
    [
      'a lone low surrogate in a key',
      `{"name":"X","email":"${uniqueEmail()}","\\udc00":1}`,
      /well-formed Unicode/,
    ],
  ];

  it.each(hostileBodies)(
    'POST /users with %s is 400, fast, with a small body',
    async (_name, raw, message) => {
      const started = performance.now();
      const res = await http(`${svc.url}/users`, { method: 'POST', raw });
      const tookMs = performance.now() - started;
      expect(res.status).toBe(400);
      expect([res.body.error, ...(res.body.details ?? [])].join('\n')).toMatch(message);
      expect(JSON.stringify(res.body).length).toBeLessThan(2000);
      expect(tookMs).toBeLessThan(500);
    },
  );

  it('lists at most 10 problems, then how many more', async () => {
    const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 1]));
    const res = await http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'X', email: uniqueEmail(), ...extra },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toHaveLength(11);
    expect(res.body.details[10]).toBe('and 20 more');
  });

  it('a body that is not UTF-8 is 400', async () => {
    const res = await fetch(`${svc.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(`","email":"${uniqueEmail()}"}`),
      ]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not valid UTF-8/);
  });

  it.each([
    ['a repeated ids parameter', '?ids=1&ids=2', /given once/],
    ['an ids array parameter', '?ids[]=1', /given once|ids is required/],
  ])('GET /users with %s is 400 and says how to pass ids', async (_name, query, message) => {
    const res = await http(`${svc.url}/users${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });

  it('malformed URLs and over-long ids get the same error shape', async () => {
    const bad = await http(`${svc.url}/users/%ZZ`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: expect.any(String), error: expect.any(String) });
    const long = await http(`${svc.url}/users/${'9'.repeat(150)}`);
    expect(long.status).toBeGreaterThanOrEqual(400);
    expect(long.status).toBeLessThan(500);
    expect(long.body).toMatchObject({ statusCode: long.status, error: expect.any(String) });
  });

  it.each(['application/x-www-form-urlencoded', 'text/plain'])('a %s body is 415', async (type) => {
    const res = await http(`${svc.url}/users`, {
      method: 'POST',
      raw: 'name=a&email=b',
      headers: { 'content-type': type },
    });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/Content-Type must be application\/json/);
  });

  it('malformed JSON is 400 and says so', async () => {
    const res = await http(`${svc.url}/users`, { method: 'POST', raw: '{"name": "X",' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/JSON/);
  });

  it('a body over the size limit is 413', async () => {
    const res = await http(`${svc.url}/users`, {
      method: 'POST',
      raw: JSON.stringify({ name: 'x'.repeat(70_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('a duplicate email is 409', async () => {
    const res = await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Twin', email: user.email } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/already in use/);
  });

  it.each<[string, unknown, RegExp]>([
    ['an empty body', {}, /at least one of/],
    ['a null name', { name: null }, /name must be a string/],
    ['a null email', { email: null }, /email must be a valid email/],
    ['an unknown field', { version: 99 }, /property version should not exist/],
    ['a wrong type', { age: 'old' }, /age must be an integer/],
  ])('PATCH with %s is 400', async (_name, body, message) => {
    const res = await http(`${svc.url}/users/${user.id}`, { method: 'PATCH', body });
    expect(res.status).toBe(400);
    expect([res.body.error, ...(res.body.details ?? [])].join('\n')).toMatch(message);
  });

  it('PATCH and DELETE of an absent id are 404; of a bad id 400', async () => {
    expect((await http(`${svc.url}/users/2147483000`, { method: 'PATCH', body: { age: 1 } })).status).toBe(
      404,
    );
    expect((await http(`${svc.url}/users/2147483000`, { method: 'DELETE' })).status).toBe(404);
    expect((await http(`${svc.url}/users/abc`, { method: 'DELETE' })).status).toBe(400);
  });

  it('PATCH with hostile bodies is 400 too', async () => {
    for (const raw of [
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
      '{"constructor":"x"}',
      '{"name":"\\udfff"}',
    ]) {
      const res = await http(`${svc.url}/users/${user.id}`, { method: 'PATCH', raw });
      expect(res.status).toBe(400);
    }
  });

  it('after all of that the user is unchanged', async () => {
    const res = await http(`${svc.url}/users/${user.id}`);
    expect(res.body.data).toMatchObject({ id: user.id, name: 'Guarded', age: 30, version: user.version });
  });
});
