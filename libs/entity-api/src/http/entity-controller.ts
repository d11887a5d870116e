import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  applyDecorators,
  type Type,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { parseEntityIdList, type EntityTypeDefinition } from '@fleetcache/core';
import type { VersionedRow } from '@fleetcache/db';
import { EntityIdPipe } from '@fleetcache/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ObjectLiteral } from 'typeorm';
import type { CachedEntityService } from '../service/cached-entity.service';
import { batchResponse, readResponse } from './entity-responses';
import { entityResponseModels } from './entity-response-models';
import { parseIfMatch } from './validators';

/** What an entity's HTTP routes are made of. */
export interface EntityRoutes {
  /** The entity type: its collection path (`/users`) is the route and the OpenAPI tag. */
  type: EntityTypeDefinition;
  /** The service the routes call (a provider of the feature module). */
  service: Type<CachedEntityService<VersionedRow, ObjectLiteral, object>>;
  /** Singular label in documentation and schema names (`User`). */
  label: string;
  /** OpenAPI model of the entity's view. */
  view: Type<unknown>;
  /** Validated body of POST. */
  createBody: Type<unknown>;
  /** Validated body of PATCH. */
  updateBody: Type<unknown>;
  /** When a write can conflict (a unique field): what a 409 means. */
  conflict?: string;
}

const PRECONDITION = 'If-Match names another version than the current one.';

/**
 * The controller of one entity's routes, declared once for every entity: GET /:id (HIT|MISS|STALE, ETag, 304),
 * GET ?ids= (batch), POST, PATCH /:id and DELETE /:id (If-Match), with their OpenAPI documentation. A feature
 * extends it (`class UsersController extends entityController({...}) {}`) and may add routes of its own.
 */
export function entityController(routes: EntityRoutes) {
  const models = entityResponseModels(routes.view, routes.label);
  const conflict = routes.conflict ? [ApiConflictResponse({ description: routes.conflict })] : [];
  const notFound = ApiNotFoundResponse({ description: `{ "error": "${routes.label} not found" }` });
  const collection = routes.type.service.path.slice(1);

  @ApiTags(collection)
  @ApiBadRequestResponse({ description: 'Invalid id, query or body; the message says what is wrong.' })
  @Controller(collection)
  class EntityController {
    constructor(
      @Inject(routes.service) readonly entities: CachedEntityService<VersionedRow, ObjectLiteral, object>,
    ) {}

    @Get(':id')
    @ApiOkResponse({
      type: models.read,
      description: 'Headers: X-Cache-Status (HIT|MISS|STALE), X-Response-Time, ETag.',
    })
    @applyDecorators(notFound)
    async getOne(
      @Param('id', EntityIdPipe) id: number,
      @Req() req: FastifyRequest,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<string> {
      return readResponse(req, reply, await this.entities.getById(id));
    }

    @Get()
    @ApiQuery({ name: 'ids', example: '1,2,3', description: 'Comma-separated ids, at most 100.' })
    @ApiOkResponse({ type: models.batch })
    async getMany(
      @Query('ids') rawIds: unknown,
      @Req() req: FastifyRequest,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<string> {
      return batchResponse(req, reply, await this.entities.getMany(parseEntityIdList(rawIds)));
    }

    @Post()
    @ApiBody({ type: routes.createBody })
    @ApiCreatedResponse({ type: models.write })
    @applyDecorators(...conflict)
    async create(@Body() body: ObjectLiteral): Promise<{ data: object }> {
      return { data: await this.entities.create(body) };
    }

    @Patch(':id')
    @ApiBody({ type: routes.updateBody })
    @ApiOkResponse({ type: models.write })
    @applyDecorators(notFound, ApiPreconditionFailedResponse({ description: PRECONDITION }), ...conflict)
    async update(
      @Param('id', EntityIdPipe) id: number,
      @Body() body: ObjectLiteral,
      @Headers('if-match') ifMatch?: string,
    ): Promise<{ data: object }> {
      return { data: await this.entities.update(id, body, parseIfMatch(ifMatch)) };
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiNoContentResponse()
    @applyDecorators(notFound, ApiPreconditionFailedResponse({ description: PRECONDITION }))
    async remove(
      @Param('id', EntityIdPipe) id: number,
      @Headers('if-match') ifMatch?: string,
    ): Promise<void> {
      await this.entities.remove(id, parseIfMatch(ifMatch));
    }
  }
  // The bodies' declared types are generic here: the validation pipe and OpenAPI read the DTO classes from these.
  setParamType(EntityController, 'create', 0, routes.createBody);
  setParamType(EntityController, 'update', 1, routes.updateBody);
  Object.defineProperty(EntityController, 'name', { value: `${routes.label}EntityController` });
  return EntityController;
}

function setParamType(controller: Type<unknown>, method: string, index: number, type: Type<unknown>): void {
  const types = [
    ...((Reflect.getMetadata('design:paramtypes', controller.prototype, method) as unknown[]) ?? []),
  ];
  types[index] = type;
  Reflect.defineMetadata('design:paramtypes', types, controller.prototype, method);
}
