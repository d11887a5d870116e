import Fastify from 'fastify';
import { trustedProxyHops } from './create-http-app';

async function seen(hops: number, headers: Record<string, string>) {
  const app = Fastify({ trustProxy: trustedProxyHops(hops) });
  app.get('/', async (request) => ({ ip: request.ip, protocol: request.protocol }));
  const reply = await app.inject({ method: 'GET', url: '/', headers, remoteAddress: '10.0.0.5' });
  await app.close();
  return reply.json() as { ip: string; protocol: string };
}

describe('HTTP_TRUSTED_PROXY_HOPS', () => {
  it('with one proxy in front, the client is the last X-Forwarded-For address and X-Forwarded-Proto is believed', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7', 'x-forwarded-proto': 'https' };
    expect(await seen(1, headers)).toEqual({ ip: '203.0.113.7', protocol: 'https' });
  });

  it('with no proxy trusted, forwarded headers are ignored (a client cannot spoof its address)', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };
    expect(await seen(0, headers)).toEqual({ ip: '10.0.0.5', protocol: 'http' });
  });
});
