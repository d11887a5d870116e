import { createHash, generateKeyPairSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { TEST_INTERNAL_TOKEN } from '@fleetcache/platform/testing';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const portOf = (url: string) => Number(new URL(url).port);

/** Opens a raw connection, writes `data`, and resolves with what came back and how long until the socket closed. */
function rawExchange(
  url: string,
  data: string,
  waitMs: number,
): Promise<{ closedAfterMs: number; text: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(portOf(url), '127.0.0.1', () => socket.write(data));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    const giveUp = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, text });
    });
    socket.on('error', () => undefined);
  });
}

describe('the public edge', () => {
  let svc: RunningService;
  let userId: number;

  beforeAll(async () => {
    svc = await startUserService({ INTERNAL_TOKEN_PREVIOUS: 'previous-internal-token-0123456789' });
    userId = (
      await http(`${svc.url}/users`, { method: 'POST', body: { name: 'Edge', email: uniqueEmail('edge') } })
    ).body.data.id;
  });
  afterAll(() => svc.close());

  it.each([
    ['a hit', () => `/users/${userId}`, 200],
    ['a 400', () => '/users/abc', 400],
    ['a 404', () => '/nowhere', 404],
    ['a 405', () => `/users/${userId}`, 405, 'PUT'],
  ])('%s carries the API security headers', async (_name, path, status, method = 'GET') => {
    const res = await http(`${svc.url}${path()}`, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['PUT', '/users/1', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['POST', '/users/1', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['DELETE', '/users', 'GET, HEAD, OPTIONS, POST'],
    ['PATCH', '/products/trending', undefined],
  ])('%s %s is 405 with Allow (or 404 where the path is not this service’s)', async (method, path, allow) => {
    const res = await http(`${svc.url}${path}`, { method });
    if (allow === undefined) return expect(res.status).toBe(404);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('OPTIONS on an existing path answers 204 with Allow', async () => {
    const res = await fetch(`${svc.url}/users/${userId}`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
  });

  it('keeps /metrics and /internal/* off the public port', async () => {
    expect((await http(`${svc.url}/metrics`)).status).toBe(404);
    expect(
      (await http(`${svc.url}/internal/events`, { headers: { 'x-internal-token': TEST_INTERNAL_TOKEN } }))
        .status,
    ).toBe(404);
  });

  it.each([
    ['an encoded path', 'GET /%6detrics HTTP/1.1'],
    ['an encoded path, HEAD', 'HEAD /%6Detrics HTTP/1.1'],
    ['a fragment', 'GET /metrics#x HTTP/1.1'],
    ['the absolute form', 'GET http://x/metrics HTTP/1.1'],
    ['an encoded feed path', 'GET /%69nternal/events HTTP/1.1'],
  ])('keeps the internal routes off the public port whatever the URL looks like: %s', async (_name, line) => {
    const { text } = await rawExchange(
      svc.url,
      `${line}\r\nHost: x\r\nX-Internal-Token: ${TEST_INTERNAL_TOKEN}\r\nConnection: close\r\n\r\n`,
      5000,
    );
    expect(text).toMatch(/^HTTP\/1.1 404/);
    expect(text).not.toMatch(/fleetcache_|"events"/);
  });

  it('an If-None-Match built to backtrack is answered at once', async () => {
    const started = performance.now();
    const res = await http(`${svc.url}/users/${userId}`, {
      headers: { 'if-none-match': `"1",${' '.repeat(12_000)}x` },
    });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('serves metrics, the replay feed (either token of a rotation) and health on the internal port, nothing else', async () => {
    const metrics = await fetch(`${svc.internalUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/fleetcache_/);
    for (const token of [TEST_INTERNAL_TOKEN, 'previous-internal-token-0123456789']) {
      const feed = await http(`${svc.internalUrl}/internal/events?limit=1`, {
        headers: { 'x-internal-token': token },
      });
      expect(feed.status).toBe(200);
    }
    const wrong = await http(`${svc.internalUrl}/internal/events`, {
      headers: { 'x-internal-token': 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect((await http(`${svc.internalUrl}/health/ready`)).status).toBe(200);
    expect((await http(`${svc.internalUrl}/users/${userId}`)).status).toBe(404);
    expect((await http(`${svc.internalUrl}/docs`)).status).toBe(404);
  });

  it('serves the OpenAPI UI with a page policy (own scripts and styles, never framed)', async () => {
    const res = await fetch(`${svc.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });
});

describe('slow and idle clients', () => {
  let svc: RunningService;

  beforeAll(async () => {
    svc = await startUserService({
      HTTP_REQUEST_TIMEOUT_MS: '3000',
      HTTP_HEADERS_TIMEOUT_MS: '800',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
      HTTP_MAX_REQUESTS_PER_SOCKET: '2',
      DOCS_ENABLED: 'false',
    });
  });
  afterAll(() => svc.close());

  it('a POST whose body never arrives gets 408 and its socket closed within the request timeout', async () => {
    const head =
      'POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const { closedAfterMs, text } = await rawExchange(svc.url, `${head}{"name":`, 10_000);
    expect(text).toMatch(/^HTTP\/1.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(2900);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('headers that never end get the socket closed within the headers timeout', async () => {
    const { closedAfterMs } = await rawExchange(
      svc.url,
      'GET /users/1 HTTP/1.1\r\nHost: x\r\nX-Slow: ',
      10_000,
    );
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { closedAfterMs, text } = await rawExchange(
      svc.url,
      'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n',
      10_000,
    );
    expect(text).toMatch(/^HTTP\/1.1 200/);
    // Node adds its keep-alive buffer (1 s) to the timeout it announces, so that a client closes first.
    expect(closedAfterMs).toBeLessThan(2500);
  });

  it('a connection carries at most HTTP_MAX_REQUESTS_PER_SOCKET requests', async () => {
    const request = 'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n';
    const { text } = await rawExchange(svc.url, request.repeat(3), 5000);
    expect(text.match(/HTTP\/1.1 200/g)).toHaveLength(2);
    expect(text).toMatch(/connection: close/i);
  });

  it('DOCS_ENABLED=false: no /docs', async () => {
    expect((await http(`${svc.url}/docs`)).status).toBe(404);
  });
});

describe('per-client rate limits, shared by every instance', () => {
  let a: RunningService;
  let b: RunningService;

  beforeAll(async () => {
    const shared = {
      CACHE_KEY_PREFIX: `rl${process.pid}${Date.now() % 1e6}`,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS: '12',
      RATE_LIMIT_WRITES: '3',
      RATE_LIMIT_WINDOW_MS: '60000',
    };
    [a, b] = await Promise.all([startUserService(shared), startUserService(shared)]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('writes hit their stricter limit first: 429 with Retry-After and the usual body', async () => {
    const post = (svc: RunningService) =>
      http(`${svc.url}/users`, { method: 'POST', body: { name: 'Limited', email: uniqueEmail('rl') } });
    expect([(await post(a)).status, (await post(b)).status, (await post(a)).status]).toEqual([201, 201, 201]);
    const limited = await post(b);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      error: expect.stringMatching(/at most 3/),
    });
  });

  it('all requests share the wider limit across instances; health is never limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await http(`${(i % 2 ? a : b).url}/users/1`)).status);
    // 4 writes + 8 reads reach 12; every read after that is refused, on either instance.
    expect(statuses.slice(0, 8).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect((await http(`${a.url}/health/ready`)).status).toBe(200);
  });
});

describe('writes need credentials (API_AUTH=writes)', () => {
  const keys = ['first-api-key-for-the-rotation', 'second-api-key-for-the-rotation'];
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = new JwtService({
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    signOptions: { algorithm: 'ES256', issuer: 'https://issuer.test', expiresIn: 300 },
  });
  let svc: RunningService;

  beforeAll(async () => {
    svc = await startUserService({
      API_AUTH: 'writes',
      API_KEY_SHA256: keys.map(sha256).join(','),
      JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      JWT_ISSUER: 'https://issuer.test',
    });
  });
  afterAll(() => svc.close());

  const post = (authorization?: string) =>
    http(`${svc.url}/users`, {
      method: 'POST',
      body: { name: 'Authed', email: uniqueEmail('auth') },
      headers: authorization ? { authorization } : {},
    });

  it.each([
    ['no Authorization header', undefined, /Authorization: Bearer/],
    ['a wrong key', 'Bearer not-a-configured-key', /not valid/],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, /must be "Bearer <token>"/],
    ['a bare key', keys[0], /must be "Bearer <token>"/],
  ])(
    'a write with %s is 401 with WWW-Authenticate, and nothing is created',
    async (_name, header, message) => {
      const res = await post(header);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="fleetcache"/);
      expect(res.body).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        error: expect.stringMatching(message),
      });
    },
  );

  it('either key of a rotation may write (the scheme in any case)', async () => {
    for (const key of keys) expect((await post(`Bearer ${key}`)).status).toBe(201);
    expect((await post(`bearer ${keys[0]}`)).status).toBe(201);
  });

  it('a JWT with the write scope may write; without it 403; from another issuer or expired 401', async () => {
    const withScope = await signer.signAsync({ sub: 'svc', scope: 'fleetcache:read fleetcache:write' });
    const withoutScope = await signer.signAsync({ sub: 'svc', scope: 'fleetcache:read' });
    const otherIssuer = await signer.signAsync(
      { sub: 'svc', scope: 'fleetcache:write' },
      { issuer: 'https://evil.test' },
    );
    const expired = await new JwtService({
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      signOptions: { algorithm: 'ES256', issuer: 'https://issuer.test' },
    }).signAsync({ sub: 'svc', scope: 'fleetcache:write', exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await post(`Bearer ${withScope}`)).status).toBe(201);
    const forbidden = await post(`Bearer ${withoutScope}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      code: 'FORBIDDEN',
      error: expect.stringMatching(/fleetcache:write/),
    });
    expect((await post(`Bearer ${otherIssuer}`)).status).toBe(401);
    expect((await post(`Bearer ${expired}`)).status).toBe(401);
    const neverExpires = await new JwtService({
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      signOptions: { algorithm: 'ES256', issuer: 'https://issuer.test' },
    }).signAsync({ sub: 'svc', scope: 'fleetcache:write' });
    expect((await post(`Bearer ${neverExpires}`)).status).toBe(401);
  });

  it('reads stay public; PATCH and DELETE need credentials too', async () => {
    const id = (await post(`Bearer ${keys[0]}`)).body.data.id;
    expect((await http(`${svc.url}/users/${id}`)).status).toBe(200);
    expect((await http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { age: 3 } })).status).toBe(401);
    expect((await http(`${svc.url}/users/${id}`, { method: 'DELETE' })).status).toBe(401);
    const deleted = await http(`${svc.url}/users/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${keys[1]}` },
    });
    expect(deleted.status).toBe(204);
  });
});
