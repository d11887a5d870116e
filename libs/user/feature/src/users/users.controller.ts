import {
  Body,
  Headers,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiQuery,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import { parseEntityIdList } from '@fleetcache/core';
import { batchResponse, parseIfMatch, readResponse } from '@fleetcache/entity-api';
import { EntityIdPipe } from '@fleetcache/platform';
import type { UserView } from '@fleetcache/user-data-access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateUserDto } from '../dto/create-user.dto';
import { UpdateUserDto } from '../dto/update-user.dto';
import { UserBatchResponse, UserReadResponse, UserWriteResponse } from '../dto/user.response';
import { UsersService } from './users.service';

/** HTTP API of users (the envelopes are built by @fleetcache/entity-api: hits are served without re-parsing). */
@ApiTags('users')
@ApiBadRequestResponse({ description: 'Invalid id or body; the message says what is wrong.' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  @ApiOkResponse({
    type: UserReadResponse,
    description: 'Headers: X-Cache-Status (HIT|MISS), X-Response-Time, ETag.',
  })
  @ApiNotFoundResponse({ description: '{ "error": "User not found" }' })
  async getOne(
    @Param('id', EntityIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return readResponse(req, reply, await this.users.getById(id));
  }

  @Get()
  @ApiQuery({ name: 'ids', example: '1,2,3', description: 'Comma-separated ids, at most 100.' })
  @ApiOkResponse({ type: UserBatchResponse })
  async getMany(
    @Query('ids') rawIds: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return batchResponse(req, reply, await this.users.getMany(parseEntityIdList(rawIds)));
  }

  @Post()
  @ApiCreatedResponse({ type: UserWriteResponse })
  @ApiConflictResponse({ description: 'The email is already in use.' })
  async create(@Body() dto: CreateUserDto): Promise<{ data: UserView }> {
    return { data: await this.users.create(dto) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserWriteResponse })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version than the current one.' })
  @ApiConflictResponse({ description: 'The email is already in use.' })
  async update(
    @Param('id', EntityIdPipe) id: number,
    @Body() dto: UpdateUserDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<{ data: UserView }> {
    return { data: await this.users.update(id, dto, parseIfMatch(ifMatch)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version than the current one.' })
  async remove(@Param('id', EntityIdPipe) id: number, @Headers('if-match') ifMatch?: string): Promise<void> {
    await this.users.remove(id, parseIfMatch(ifMatch));
  }
}
