import { ApiProperty } from '@nestjs/swagger';

/** A product, as documented in OpenAPI. */
export class ProductResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Wireless Mouse' }) name: string;
  @ApiProperty({ example: 'Ergonomic 2.4 GHz mouse', nullable: true, type: String }) description:
    string | null;
  @ApiProperty({ example: '29.99', description: 'Decimal string with two decimals.' }) price: string;
  @ApiProperty({ example: 150 }) stock: number;
  @ApiProperty({ example: 'electronics', nullable: true, type: String }) category: string | null;
  @ApiProperty({ example: '2026-11-22T03:00:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-22T03:00:00.000Z' }) updatedAt: string;
  @ApiProperty({ example: 1, description: 'Incremented by every write; the ETag carries it.' })
  version: number;
}

/** One entry of GET /products/trending. */
export class TrendingEntryResponse {
  @ApiProperty({ example: 1234, description: 'Views counted in the ranking.' }) views: number;
  @ApiProperty({ type: ProductResponse }) product: ProductResponse;
}

/** GET /products/trending. */
export class TrendingResponse {
  @ApiProperty({ type: TrendingEntryResponse, isArray: true }) data: TrendingEntryResponse[];
  @ApiProperty({ enum: ['cache', 'database'] }) source: 'cache' | 'database';
  @ApiProperty({ example: 0.42 }) response_time_ms: number;
}
