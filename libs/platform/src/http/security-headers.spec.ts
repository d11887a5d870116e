import type { FastifyReply } from 'fastify';
import { setSecurityHeaders } from './security-headers';

/** The headers setSecurityHeaders gives an answer to a request for `route`. */
function headersFor(route?: string): Record<string, string> {
  const set: Record<string, string> = {};
  const reply = { headers: (headers: Record<string, string>) => Object.assign(set, headers) };
  setSecurityHeaders(reply as unknown as FastifyReply, route);
  return set;
}

/** A Content-Security-Policy as directive -> sources. */
function policyOf(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    headers['content-security-policy'].split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

describe('setSecurityHeaders', () => {
  it('gives the API a policy that loads nothing', () => {
    for (const route of ['/users/:id', '/dashboard/api/snapshot', '/alarms', undefined]) {
      const headers = headersFor(route);
      expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it("gives the dashboard's page and assets a policy of 'self' only: no inline script or style, never framed", () => {
    for (const route of ['/dashboard', '/dashboard/assets/:file']) {
      const headers = headersFor(route);
      const policy = policyOf(headers);
      expect(policy).toEqual({
        'default-src': "'self'",
        'base-uri': "'self'",
        'connect-src': "'self'",
        'font-src': "'self'",
        'form-action': "'none'",
        'frame-ancestors': "'none'",
        'img-src': "'self'",
        'object-src': "'none'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self'",
      });
      expect(headers['content-security-policy']).not.toMatch(/unsafe|https:|data:|\*/);
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('keeps the OpenAPI UI on its own policy, and a route that only starts like the dashboard on the API one', () => {
    expect(policyOf(headersFor('/docs'))['script-src']).toBe("'self'");
    expect(policyOf(headersFor('/docs'))['style-src']).toContain("'unsafe-inline'");
    expect(headersFor('/dashboards')['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });
});
