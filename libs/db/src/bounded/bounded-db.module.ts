import { Module } from '@nestjs/common';
import { BoundedDb } from './bounded-db';
import { BoundedDbModuleClass } from './db-limits';

/** Provides {@link BoundedDb}: `BoundedDbModule.forRootAsync({ isGlobal, inject, useFactory: dbLimitsFromEnv })`. */
@Module({ providers: [BoundedDb], exports: [BoundedDb] })
export class BoundedDbModule extends BoundedDbModuleClass {}
