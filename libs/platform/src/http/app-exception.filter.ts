import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, throttle, TimeoutError } from '@fleetcache/core';
import type { FastifyReply } from 'fastify';
import { STATUS_OF_KIND, type ErrorBody } from './error-body';

/** Seconds a client is asked to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

/** Maps an error of one dependency (e.g. a MySQL driver error) to an error body, or leaves it (undefined). */
export type ErrorTranslator = (exception: unknown) => ErrorBody | undefined;

/**
 * The HTTP edge: maps typed errors, Nest HTTP exceptions and whatever the `translators` recognize (the entity
 * services add MySQL's driver errors) to one JSON error shape; anything else is a 500.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);
  private readonly unavailableLogGate = throttle(1000);

  constructor(private readonly translators: readonly ErrorTranslator[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode === 503) this.logUnavailable(body);
    else if (body.statusCode >= 500) this.log(exception, body);
    const reply = host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode);
    // Every 503 is transient here (a dependency is down, slow or busy; the process sheds load): say when to retry.
    if (body.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.send(body);
  }

  /** Builds the error body of any thrown value. */
  toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      const details = Array.isArray(exception.context['details'])
        ? (exception.context['details'] as string[])
        : undefined;
      return {
        error: exception.message,
        code: exception.code,
        statusCode: STATUS_OF_KIND[exception.kind],
        details,
      };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof TimeoutError) {
      return {
        error: `Dependency did not answer in time (${exception.what}), try again later`,
        code: 'DEPENDENCY_TIMEOUT',
        statusCode: 503,
      };
    }
    for (const translate of this.translators) {
      const translated = translate(exception);
      if (translated) return translated;
    }
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (unparseable JSON, body too large, unsupported media type).
      const e = exception as { message?: string; code?: string };
      return { error: e.message ?? 'Bad request', code: e.code ?? 'BAD_REQUEST', statusCode: status };
    }
    return { error: 'Internal server error', code: 'INTERNAL', statusCode: 500 };
  }

  /**
   * A 503 is an expected answer while a dependency is down or the process sheds load: one warning a second at most,
   * without a stack, so that an overload does not also flood the logs.
   */
  private logUnavailable(body: ErrorBody): void {
    if (this.unavailableLogGate())
      this.logger.warn({ msg: 'answered 503', code: body.code, error: body.error });
  }

  private log(exception: unknown, body: ErrorBody): void {
    const err =
      exception instanceof Error
        ? { message: exception.message, stack: exception.stack, cause: String(exception.cause ?? '') }
        : String(exception);
    this.logger.error({ msg: 'request failed', code: body.code, err });
  }
}

function fromHttpException(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const fromObject =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const message = fromObject['message'];
  const details = Array.isArray(message)
    ? message.map(String)
    : Array.isArray(fromObject['details'])
      ? (fromObject['details'] as string[])
      : undefined;
  const error =
    typeof message === 'string'
      ? message
      : typeof fromObject['error'] === 'string'
        ? (fromObject['error'] as string)
        : exception.message;
  const code = typeof fromObject['code'] === 'string' ? (fromObject['code'] as string) : `HTTP_${statusCode}`;
  return { error, code, statusCode, details };
}
