import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The API answers JSON only: nothing in it may load, frame or run anything. Headers that only matter for HTML pages
 * in old browsers (X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection,
 * Origin-Agent-Cluster) are left out: every answer of the hot path carries these bytes.
 */
const API_POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  originAgentCluster: false,
};

/** The OpenAPI UI is a page: its own scripts, styles and images, nothing from elsewhere, never framed. */
const DOCS_POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null },
  },
  xFrameOptions: { action: 'deny' },
};

/** The OpenAPI UI's routes (`/docs`, `/docs/*`, `/docs-json`), as the router matched them. */
const DOCS_ROUTE = /^\/docs(\/|-json|$)/;

/**
 * The monitor's dashboard is a page made of its own files only: its script, its style and Chart.js's bundle from
 * 'self', its data from its own API, no inline script, style or event handler, no plugin, nothing from elsewhere,
 * never framed.
 */
const DASHBOARD_POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
  xFrameOptions: { action: 'deny' },
};

/** The dashboard's page and assets (`/dashboard`, `/dashboard/*`); its JSON API (`/dashboard/api/*`) is API. */
const DASHBOARD_ROUTE = /^\/dashboard(\/|$)/;
const DASHBOARD_API_ROUTE = /^\/dashboard\/api(\/|$)/;

/**
 * Security headers on every answer (X-Content-Type-Options: nosniff, a Content-Security-Policy, X-Frame-Options,
 * Referrer-Policy, Strict-Transport-Security, cross-origin policies), as helmet computes them. The headers depend
 * only on the policy, so they are computed once and set in one step per request.
 */
export function sendSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(reply, request.routeOptions.url);
    done();
  });
}

const API_HEADERS = headersOf(API_POLICY);
const DOCS_HEADERS = headersOf(DOCS_POLICY);
const DASHBOARD_HEADERS = headersOf(DASHBOARD_POLICY);

/** Sets the security headers of an answer to a request for `route` (none: the router matched nothing). */
export function setSecurityHeaders(reply: FastifyReply, route?: string): void {
  reply.headers(headersOfRoute(route));
}

function headersOfRoute(route: string | undefined): Record<string, string> {
  if (route === undefined) return API_HEADERS;
  if (DOCS_ROUTE.test(route)) return DOCS_HEADERS;
  if (DASHBOARD_ROUTE.test(route) && !DASHBOARD_API_ROUTE.test(route)) return DASHBOARD_HEADERS;
  return API_HEADERS;
}

/** The headers helmet's middleware sets for a policy. */
function headersOf(policy: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  helmet(policy)({} as never, response as never, (error?: unknown) => (failed = error));
  if (failed) throw failed;
  return headers;
}
