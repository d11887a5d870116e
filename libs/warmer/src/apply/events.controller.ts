import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ChangeEvent } from '@fleetcache/events';
import { ChangeApplier } from './change-applier.service';

/** Change events from every partition of user and product channels (RedisEventServer routes them by type). */
@Controller()
export class EventsController {
  constructor(private readonly applier: ChangeApplier) {}

  @EventPattern('user.created')
  userCreated(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }

  @EventPattern('user.updated')
  userUpdated(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }

  @EventPattern('user.deleted')
  userDeleted(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }

  @EventPattern('product.created')
  productCreated(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }

  @EventPattern('product.updated')
  productUpdated(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }

  @EventPattern('product.deleted')
  productDeleted(@Payload() event: ChangeEvent): Promise<boolean> {
    return this.applier.apply(event, 'live');
  }
}
