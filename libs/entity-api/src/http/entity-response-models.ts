import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The OpenAPI models of an entity's three envelopes, around its view model. */
export interface EntityResponseModels {
  /** GET /<entities>/:id: `{ source, data, response_time_ms }`. */
  read: Type<unknown>;
  /** GET /<entities>?ids=: `{ data: [entity|null…], hits, misses, response_time_ms }`. */
  batch: Type<unknown>;
  /** POST and PATCH: `{ data }`. */
  write: Type<unknown>;
}

/** Names a class built at run time (the OpenAPI schema's name). */
function named<T extends Type<unknown>>(model: T, name: string): T {
  Object.defineProperty(model, 'name', { value: name });
  return model;
}

/** Builds the envelopes' OpenAPI models of an entity whose view is documented by `view` (`UserResponse`). */
export function entityResponseModels(view: Type<unknown>, label: string): EntityResponseModels {
  class ReadResponse {
    @ApiProperty({ enum: ['cache', 'database'] }) source: 'cache' | 'database';
    @ApiProperty({ type: view }) data: unknown;
    @ApiProperty({ example: 0.42 }) response_time_ms: number;
  }
  class BatchResponse {
    @ApiProperty({
      type: view,
      isArray: true,
      nullable: true,
      description: 'In request order; null where absent.',
    })
    data: unknown[];
    @ApiProperty() hits: number;
    @ApiProperty() misses: number;
    @ApiProperty() response_time_ms: number;
  }
  class WriteResponse {
    @ApiProperty({ type: view }) data: unknown;
  }
  return {
    read: named(ReadResponse, `${label}ReadResponse`),
    batch: named(BatchResponse, `${label}BatchResponse`),
    write: named(WriteResponse, `${label}WriteResponse`),
  };
}
