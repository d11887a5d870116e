import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaxChars } from '@fleetcache/core';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsPrice } from './price';

/** Body of POST /products. */
export class CreateProductDto {
  @ApiProperty({ example: 'Wireless Mouse', maxLength: 200 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxChars(200)
  name: string;

  @ApiPropertyOptional({ example: 'Ergonomic 2.4 GHz mouse', maxLength: 10000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(10_000)
  description?: string | null;

  @ApiProperty({ example: '29.99', description: 'Decimal string, at most 2 decimals, 0 to 99999999.99.' })
  @IsPrice()
  price: string;

  @ApiPropertyOptional({ example: 150, minimum: 0, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  stock?: number;

  @ApiPropertyOptional({ example: 'Electronics', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  category?: string | null;
}
