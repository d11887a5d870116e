export { OutboxModule } from './outbox.module';
export { Outbox } from './outbox.service';
export { OUTBOX_SCHEMA } from './outbox.schema';
export type { OutboxModuleOptions } from './outbox.options';
export { OutboxEnv, outboxOptionsFromEnv } from './outbox.env';
