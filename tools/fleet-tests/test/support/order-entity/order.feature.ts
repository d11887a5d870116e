import { Injectable, Module } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DerivedCache, EntityCache, Rankings } from '@fleetcache/cache';
import { AppError } from '@fleetcache/core';
import { BoundedDb, VersionedRepository } from '@fleetcache/db';
import { CachedEntityService, entityController, type ServiceMain } from '@fleetcache/entity-api';
import { Outbox } from '@fleetcache/outbox';
import { ServiceEnv } from '@fleetcache/platform';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORDER_ENTITY_TYPE } from './order.entity-type';
import { ORDER_SCHEMA, OrderEntity } from './order.schema';

interface OrderFields {
  item: string;
  quantity: number;
}

class OrderNotFoundError extends AppError {
  readonly code = 'ORDER_NOT_FOUND';
  readonly kind = 'not_found' as const;
  constructor(id: number) {
    super('Order not found', { id });
  }
}

class CreateOrderDto {
  @ApiProperty() @IsString() @MaxLength(100) item: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1000) quantity: number;
}

class UpdateOrderDto {
  @ApiProperty() @IsOptional() @IsString() @MaxLength(100) item?: string;
  @ApiProperty() @IsOptional() @IsInt() @Min(1) @Max(1000) quantity?: number;
}

class OrderResponse {
  @ApiProperty() id: number;
  @ApiProperty() item: string;
  @ApiProperty() quantity: number;
  @ApiProperty() version: number;
}

const toOrderView = (row: OrderEntity) => ({
  id: row.id,
  item: row.item,
  quantity: row.quantity,
  version: row.version,
});

@Injectable()
class OrdersRepository extends VersionedRepository<OrderEntity, OrderFields> {
  constructor(db: BoundedDb) {
    super(db, OrderEntity, { notFound: (id) => new OrderNotFoundError(id) });
  }
}

@Injectable()
class OrdersService extends CachedEntityService<OrderEntity, OrderFields, ReturnType<typeof toOrderView>> {
  constructor(
    orders: OrdersRepository,
    cache: EntityCache,
    outbox: Outbox,
    rankings: Rankings,
    derived: DerivedCache,
  ) {
    const definition = {
      type: ORDER_ENTITY_TYPE,
      toView: toOrderView,
      notFound: (id: number) => new OrderNotFoundError(id),
      fieldNames: ['item', 'quantity'],
      readSampleRate: 1,
    };
    super(definition, orders, cache, outbox, rankings, derived);
  }
}

class OrdersController extends entityController({
  type: ORDER_ENTITY_TYPE,
  service: OrdersService,
  label: 'Order',
  view: OrderResponse,
  createBody: CreateOrderDto,
  updateBody: UpdateOrderDto,
}) {}

@Module({ controllers: [OrdersController], providers: [OrdersRepository, OrdersService] })
class OrderFeatureModule {}

class OrderServiceHttpEnv extends ServiceEnv {
  override PORT = ORDER_ENTITY_TYPE.service.port;
  override INTERNAL_PORT = ORDER_ENTITY_TYPE.service.internalPort;
}

/** order-service, as an entity service of its own: its schema, its feature and its entity type. */
export const ORDER_SERVICE: ServiceMain = {
  definition: {
    serviceName: ORDER_ENTITY_TYPE.service.name,
    httpEnv: OrderServiceHttpEnv,
    schema: ORDER_SCHEMA,
    features: [OrderFeatureModule],
    entityTypes: [ORDER_ENTITY_TYPE],
  },
  info: { title: 'test order-service', description: 'Orders over MySQL through the cache.' },
  seed: async () => 0,
};
