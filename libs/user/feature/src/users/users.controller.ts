import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import { parseEntityIdList } from '@fleetcache/core';
import { elapsedMs, EntityIdPipe } from '@fleetcache/platform';
import type { UserView } from '@fleetcache/user-data-access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateUserDto } from '../dto/create-user.dto';
import { UpdateUserDto } from '../dto/update-user.dto';
import { UserBatchResponse, UserReadResponse, UserWriteResponse } from '../dto/user.response';
import { UsersService } from './users.service';

/**
 * HTTP API of users. Reads answer with the cached JSON spliced into the envelope as is: a hit never parses or
 * re-serialises the user.
 */
@ApiTags('users')
@ApiBadRequestResponse({ description: 'Invalid id or body; the message says what is wrong.' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  @ApiOkResponse({ type: UserReadResponse, description: 'Headers: X-Cache-Status (HIT|MISS), X-Response-Time, ETag.' })
  @ApiNotFoundResponse({ description: '{ "error": "User not found" }' })
  async getOne(@Param('id', EntityIdPipe) id: number, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { entry, source } = await this.users.getById(id);
    reply.type('application/json').header('X-Cache-Status', source === 'cache' ? 'HIT' : 'MISS').header('ETag', `"${entry.version}"`);
    return `{"source":"${source}","data":${entry.json},"response_time_ms":${elapsedMs(req)}}`;
  }

  @Get()
  @ApiQuery({ name: 'ids', example: '1,2,3', description: 'Comma-separated ids, at most 100.' })
  @ApiOkResponse({ type: UserBatchResponse })
  async getMany(@Query('ids') rawIds: string | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const ids = parseEntityIdList(typeof rawIds === 'string' ? rawIds : undefined);
    const { entries, hits, misses } = await this.users.getMany(ids);
    reply.type('application/json');
    const data = entries.map((entry) => entry?.json ?? 'null').join(',');
    return `{"data":[${data}],"hits":${hits},"misses":${misses},"response_time_ms":${elapsedMs(req)}}`;
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
  @ApiConflictResponse({ description: 'The email is already in use.' })
  async update(@Param('id', EntityIdPipe) id: number, @Body() dto: UpdateUserDto): Promise<{ data: UserView }> {
    return { data: await this.users.update(id, dto) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('id', EntityIdPipe) id: number): Promise<void> {
    await this.users.remove(id);
  }
}
