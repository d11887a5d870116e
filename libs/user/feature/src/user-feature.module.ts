import { Module } from '@nestjs/common';
import { UserDataAccessModule } from '@fleetcache/user-data-access';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** The users HTTP API; needs the global cache module and a TypeORM connection with the user schema. */
@Module({
  imports: [UserDataAccessModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UserFeatureModule {}
