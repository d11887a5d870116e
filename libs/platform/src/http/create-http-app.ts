import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Logger } from 'nestjs-pino';
import { SERVICE_ENV } from '../config/service-config.constants';
import type { ServiceEnv } from '../config/service.env';
import { AppExceptionFilter, type ErrorTranslator } from './app-exception.filter';
import { fastifyServerLimits } from './http-server-limits';
import { separateInternalRoutes, type InternalPort } from './internal-port';
import { parseJsonBodiesStrictly } from './json-body.parser';
import { requireJsonBodies } from './json-only.hook';
import { answerMethodNotAllowed } from './method-not-allowed.hook';
import { installResponseTime } from './response-time';
import { sendSecurityHeaders, setSecurityHeaders } from './security-headers';
import { shutDownOnSignals } from './shutdown';
import { StrictValidationPipe } from './strict-validation.pipe';

/** Largest accepted request body: entities are small, anything bigger is a mistake or an attack. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** How a service describes itself in its OpenAPI document. */
export interface ServiceInfo {
  title: string;
  description: string;
  version?: string;
}

/** What an application adds to the shared HTTP edge. */
export interface HttpEdgeOptions {
  /** Translations of its dependencies' errors to error bodies (the entity services: MySQL's driver errors). */
  errorTranslators?: readonly ErrorTranslator[];
}

const internalPorts = new WeakMap<NestFastifyApplication, InternalPort>();

/**
 * Creates a Fastify-based Nest application with the conventions every service shares: structured logger, the
 * server's time and size limits, strict JSON parsing and validation, typed-error mapping, 405 for a wrong method,
 * security headers, X-Response-Time, the internal port's routes kept off the public one, and OpenAPI at /docs
 * (when DOCS_ENABLED). `env` is the validated configuration the root module was built with. Does not listen.
 */
export async function createHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  info: ServiceInfo,
  env: ServiceEnv,
  edge: HttpEdgeOptions = {},
): Promise<NestFastifyApplication> {
  const filter = new AppExceptionFilter(edge.errorTranslators);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    ...fastifyServerLimits(env),
    trustProxy: trustedProxyHops(env.HTTP_TRUSTED_PROXY_HOPS),
    // The router rejects malformed URLs and over-long parameters before Nest sees the request: same error shape.
    frameworkErrors: (error: Error, _request: unknown, reply: FastifyReply) => {
      const body = filter.toBody(error);
      setSecurityHeaders(reply);
      void reply.status(body.statusCode).send(body);
    },
  });
  const fastify = adapter.getInstance();
  // bodyParser: false — Nest would register its own JSON parser at init, over parseJsonBodiesStrictly's.
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new StrictValidationPipe());
  // Nest routes Fastify's own errors (unparseable JSON, body too large) through the same filter.
  app.useGlobalFilters(filter);
  sendSecurityHeaders(fastify);
  internalPorts.set(app, separateInternalRoutes(fastify));
  answerMethodNotAllowed(fastify);
  requireJsonBodies(fastify);
  parseJsonBodiesStrictly(fastify);
  installResponseTime(fastify);
  if (env.DOCS_ENABLED) serveOpenApi(app, info);
  return app;
}

function serveOpenApi(app: NestFastifyApplication, info: ServiceInfo): void {
  const document = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version ?? '1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key or a JWT (writes)' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
}

/** Where an application listens: its public and internal base URLs. */
export interface ListeningUrls {
  url: string;
  internalUrl: string;
}

/** Listens on HOST:PORT (public) and HOST:INTERNAL_PORT (internal) of the validated config. */
export async function listenOnBothPorts(app: NestFastifyApplication): Promise<ListeningUrls> {
  const env = app.get<ServiceEnv>(SERVICE_ENV);
  await app.listen(env.PORT, env.HOST);
  const internal = internalPorts.get(app);
  if (!internal) throw new Error('listenOnBothPorts needs an application made by createHttpApp');
  const internalPort = await internal.listen(env);
  const { port } = app.getHttpServer().address() as { port: number };
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return { url: `http://${host}:${port}`, internalUrl: `http://${host}:${internalPort}` };
}

/**
 * Listens on both ports, logs where, and from then on shuts down in order on SIGTERM or SIGINT (see
 * shutDownOnSignals). Every process's `main` goes through here.
 */
export async function listenFromConfig(
  app: NestFastifyApplication,
  info: ServiceInfo,
): Promise<NestFastifyApplication> {
  const urls = await listenOnBothPorts(app);
  app.get(Logger).log({ msg: `${info.title} listening`, ...urls }, 'Bootstrap');
  shutDownOnSignals(app);
  return app;
}

/** Creates the application and listens (see listenFromConfig). */
export async function runHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  info: ServiceInfo,
  env: ServiceEnv,
  edge: HttpEdgeOptions = {},
): Promise<NestFastifyApplication> {
  return listenFromConfig(await createHttpApp(rootModule, info, env, edge), info);
}

/**
 * Fastify's trust of the proxies in front: the first `hops` addresses back (the socket's peer, then X-Forwarded-For
 * from the right) are proxies, so the client address is the one after them and X-Forwarded-Proto/Host are believed.
 * Given as a function: Fastify 5 reads a plain hop count as "trust nothing" for the protocol and the address.
 */
export function trustedProxyHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address: string, hop: number) => hop < hops : false;
}
