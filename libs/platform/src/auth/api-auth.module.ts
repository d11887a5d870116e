import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiCredentialsGuard } from './api-credentials.guard';

/** Bearer credentials on the public API (see ApiCredentialsGuard), from ApiAuthEnv. */
@Module({ providers: [{ provide: APP_GUARD, useClass: ApiCredentialsGuard }] })
export class ApiAuthModule {}
