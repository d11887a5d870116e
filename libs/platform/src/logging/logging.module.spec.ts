import pino from 'pino';
import { Writable } from 'node:stream';
import { REDACTED_REQUEST_HEADERS } from './logging.module';

describe('request logs', () => {
  it('redact the credentials a request carries (bearer token, cookie, internal token)', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ redact: REDACTED_REQUEST_HEADERS }, sink);
    logger.info({
      req: {
        headers: {
          authorization: 'Bearer secret-api-key',
          cookie: 'sid=secret-session',
          'x-internal-token': 'secret-internal-token',
          'user-agent': 'curl',
        },
      },
    });
    const logged = JSON.parse(lines[0]!).req.headers;
    expect(logged).toEqual({
      authorization: '[Redacted]',
      cookie: '[Redacted]',
      'x-internal-token': '[Redacted]',
      'user-agent': 'curl',
    });
    expect(lines[0]).not.toMatch(/secret/);
  });
});
