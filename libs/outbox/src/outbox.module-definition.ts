import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OutboxModuleOptions } from './outbox.options';

/** Builder of `OutboxModule.forRoot(options)` / `forRootAsync({ useFactory, inject })`. */
export const { ConfigurableModuleClass: OutboxModuleClass, MODULE_OPTIONS_TOKEN: OUTBOX_OPTIONS } =
  new ConfigurableModuleBuilder<OutboxModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();

/** Injection token of the outbox's publishing client. */
export const OUTBOX_PUBLISHER = Symbol('fleetcache.events.outbox-publisher');
