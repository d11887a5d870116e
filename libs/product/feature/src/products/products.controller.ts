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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { parseEntityIdList } from '@fleetcache/core';
import { batchResponse, parseIfMatch, readResponse } from '@fleetcache/entity-api';
import { elapsedMs, EntityIdPipe } from '@fleetcache/platform';
import type { ProductView } from '@fleetcache/product-data-access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateProductDto } from '../dto/create-product.dto';
import { UpdateProductDto } from '../dto/update-product.dto';
import { parseTrendingLimit } from '../trending/trending-limit';
import { TrendingService } from '../trending/trending.service';
import { ProductsService } from './products.service';

/** HTTP API of products and the trending leaderboard. */
@ApiTags('products')
@ApiBadRequestResponse({ description: 'Invalid id, query or body; the message says what is wrong.' })
@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly trending: TrendingService,
  ) {}

  @Get('trending')
  @ApiQuery({ name: 'limit', required: false, example: 10, description: '1 to 100, default 10.' })
  @ApiOkResponse({
    description: '{ data: [{ views, product }], source, response_time_ms }; X-Cache-Status HIT|MISS.',
  })
  async trendingList(
    @Query('limit') rawLimit: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const { items, source } = await this.trending.top(parseTrendingLimit(rawLimit));
    reply.header('X-Cache-Status', source === 'cache' ? 'HIT' : 'MISS');
    return { data: items, source, response_time_ms: elapsedMs(req) };
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      '{ source, data: product, response_time_ms }; headers X-Cache-Status, X-Response-Time, ETag.',
  })
  @ApiNotFoundResponse({ description: '{ "error": "Product not found" }' })
  async getOne(
    @Param('id', EntityIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return readResponse(req, reply, await this.products.getById(id));
  }

  @Get()
  @ApiQuery({ name: 'ids', example: '1,2,3', description: 'Comma-separated ids, at most 100.' })
  @ApiOkResponse({ description: '{ data: [product|null…], hits, misses, response_time_ms }' })
  async getMany(
    @Query('ids') rawIds: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return batchResponse(req, reply, await this.products.getMany(parseEntityIdList(rawIds)));
  }

  @Post()
  @ApiCreatedResponse({ description: '{ data: product }' })
  async create(@Body() dto: CreateProductDto): Promise<{ data: ProductView }> {
    return { data: await this.products.create(dto) };
  }

  @Patch(':id')
  @ApiOkResponse({ description: '{ data: product }' })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version than the current one.' })
  async update(
    @Param('id', EntityIdPipe) id: number,
    @Body() dto: UpdateProductDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<{ data: ProductView }> {
    return { data: await this.products.update(id, dto, parseIfMatch(ifMatch)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version than the current one.' })
  async remove(@Param('id', EntityIdPipe) id: number, @Headers('if-match') ifMatch?: string): Promise<void> {
    await this.products.remove(id, parseIfMatch(ifMatch));
  }
}
