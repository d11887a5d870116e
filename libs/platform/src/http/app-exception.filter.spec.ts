import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  InvalidInputError,
  OverloadedError,
  TimeoutError,
} from '@fleetcache/core';
import { AppExceptionFilter } from './app-exception.filter';

describe('AppExceptionFilter.toBody', () => {
  const filter = new AppExceptionFilter();

  it('maps typed errors by kind, keeping message and code', () => {
    expect(filter.toBody(new InvalidInputError('id must be positive'))).toEqual({
      error: 'id must be positive',
      code: 'INVALID_INPUT',
      statusCode: 400,
      details: undefined,
    });
    expect(filter.toBody(new OverloadedError('too busy')).statusCode).toBe(503);
  });

  it('keeps validation details of Nest HTTP exceptions', () => {
    const body = filter.toBody(
      new BadRequestException({
        error: 'Invalid request body',
        code: 'VALIDATION_FAILED',
        details: ['name must be a string'],
      }),
    );
    expect(body).toEqual({
      error: 'Invalid request body',
      code: 'VALIDATION_FAILED',
      statusCode: 400,
      details: ['name must be a string'],
    });
    expect(filter.toBody(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      statusCode: 404,
      error: 'Cannot GET /nope',
    });
  });

  it('answers 4xx for Fastify client errors', () => {
    expect(
      filter.toBody(
        Object.assign(new Error('Request body is too large'), {
          statusCode: 413,
          code: 'FST_ERR_CTP_BODY_TOO_LARGE',
        }),
      ),
    ).toEqual({
      error: 'Request body is too large',
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
  });

  it('answers 503 when a dependency did not answer in time', () => {
    expect(filter.toBody(new TimeoutError('database read', 5000))).toMatchObject({
      statusCode: 503,
      code: 'DEPENDENCY_TIMEOUT',
    });
  });

  it('answers 503 OVERLOADED when the process sheds load', () => {
    expect(filter.toBody(new OverloadedError('too many reads'))).toMatchObject({
      code: 'OVERLOADED',
      statusCode: 503,
    });
  });

  it('asks its translators, in order, about errors it does not know', () => {
    const teapot = new AppExceptionFilter([
      () => undefined,
      (e) => (e instanceof RangeError ? { error: 'short and stout', code: 'TEAPOT', statusCode: 418 } : undefined),
    ]);
    expect(teapot.toBody(new RangeError('x'))).toEqual({ error: 'short and stout', code: 'TEAPOT', statusCode: 418 });
    expect(teapot.toBody(new TypeError('x')).statusCode).toBe(500);
    expect(filter.toBody(new RangeError('x')).statusCode).toBe(500);
  });

  it('hides unknown errors behind a 500', () => {
    expect(filter.toBody(new TypeError('secret internals'))).toEqual({
      error: 'Internal server error',
      code: 'INTERNAL',
      statusCode: 500,
    });
  });
});
