import { Get, Injectable, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { entityController } from '@fleetcache/entity-api';
import { elapsedMs } from '@fleetcache/platform';
import { PRODUCT_ENTITY_TYPE } from '@fleetcache/product-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateProductDto } from '../dto/create-product.dto';
import { ProductResponse, TrendingResponse } from '../dto/product.response';
import { UpdateProductDto } from '../dto/update-product.dto';
import { parseTrendingLimit } from '../trending/trending-limit';
import { TrendingService } from '../trending/trending.service';
import { ProductsService } from './products.service';

/**
 * HTTP API of products (the routes every entity has, from @fleetcache/entity-api) and the trending leaderboard.
 * `@Injectable()` only makes TypeScript record this constructor's own parameter types for injection.
 */
@Injectable()
export class ProductsController extends entityController({
  type: PRODUCT_ENTITY_TYPE,
  service: ProductsService,
  label: 'Product',
  view: ProductResponse,
  createBody: CreateProductDto,
  updateBody: UpdateProductDto,
}) {
  constructor(
    products: ProductsService,
    private readonly trending: TrendingService,
  ) {
    super(products);
  }

  @Get('trending')
  @ApiQuery({ name: 'limit', required: false, example: 10, description: '1 to 100, default 10.' })
  @ApiOkResponse({ type: TrendingResponse, description: 'X-Cache-Status HIT|MISS.' })
  async trendingList(
    @Query('limit') rawLimit: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrendingResponse> {
    const { items, source } = await this.trending.top(parseTrendingLimit(rawLimit));
    reply.header('X-Cache-Status', source === 'cache' ? 'HIT' : 'MISS');
    return { data: items as TrendingResponse['data'], source, response_time_ms: elapsedMs(req) };
  }
}
