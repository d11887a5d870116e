import { entityController } from '@fleetcache/entity-api';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';
import { CreateUserDto } from '../dto/create-user.dto';
import { UpdateUserDto } from '../dto/update-user.dto';
import { UserResponse } from '../dto/user.response';
import { UsersService } from './users.service';

/** HTTP API of users: the routes every entity has (@fleetcache/entity-api); hits are served without re-parsing. */
export class UsersController extends entityController({
  type: USER_ENTITY_TYPE,
  service: UsersService,
  label: 'User',
  view: UserResponse,
  createBody: CreateUserDto,
  updateBody: UpdateUserDto,
  conflict: 'The email is already in use.',
}) {}
