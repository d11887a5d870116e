import { Module } from '@nestjs/common';
import { UsersRepository } from './repository/users.repository';

/** Provides {@link UsersRepository}; needs a TypeORM root connection that includes {@link USER_SCHEMA}. */
@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UserDataAccessModule {}
