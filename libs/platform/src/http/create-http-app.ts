import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { ServiceEnv } from '../config/service.env';
import { AppExceptionFilter } from './app-exception.filter';
import { requireJsonBodies } from './json-only.hook';
import { installResponseTime } from './response-time';
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

/**
 * Creates a Fastify-based Nest application with the conventions every service shares: structured logger, strict
 * validation, typed-error mapping, X-Response-Time and OpenAPI at /docs. Does not listen (nor handle signals).
 */
export async function createHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  info: ServiceInfo,
): Promise<NestFastifyApplication> {
  const filter = new AppExceptionFilter();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // The router rejects malformed URLs and over-long parameters before Nest sees the request: same error shape.
    frameworkErrors: (error: Error, _request: unknown, reply: FastifyReply) => {
      const body = filter.toBody(error);
      void reply.status(body.statusCode).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(filter);
  requireJsonBodies(adapter.getInstance());
  // Nest routes Fastify's own errors (unparseable JSON, body too large) through the same filter.
  installResponseTime(adapter.getInstance());
  const document = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version ?? '1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document));
  return app;
}

/**
 * Listens on HOST:PORT from the validated config, logs where, and from then on shuts down in order on SIGTERM or
 * SIGINT (see shutDownOnSignals). Every process's `main` goes through here.
 */
export async function listenFromConfig(
  app: NestFastifyApplication,
  info: ServiceInfo,
): Promise<NestFastifyApplication> {
  const config = app.get(ConfigService<ServiceEnv, true>);
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
  app.get(Logger).log({ msg: `${info.title} listening`, url: await app.getUrl() }, 'Bootstrap');
  shutDownOnSignals(app);
  return app;
}

/** Creates the application and listens on HOST:PORT from the validated config (see listenFromConfig). */
export async function runHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  info: ServiceInfo,
): Promise<NestFastifyApplication> {
  return listenFromConfig(await createHttpApp(rootModule, info), info);
}
