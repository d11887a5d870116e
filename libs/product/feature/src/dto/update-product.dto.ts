import { ApiPropertyOptional } from '@nestjs/swagger';
import { MaxChars } from '@fleetcache/core';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsPrice } from './price';

/** Body of PATCH /products/:id: any subset; name, price and stock may be omitted but never null. */
export class UpdateProductDto {
  @ApiPropertyOptional({ example: 'Wireless Mouse Pro', maxLength: 200 })
  @ValidateIf((dto: UpdateProductDto) => dto.name !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxChars(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 10000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(10_000)
  description?: string | null;

  @ApiPropertyOptional({ example: '24.90' })
  @ValidateIf((dto: UpdateProductDto) => dto.price !== undefined)
  @IsPrice()
  price?: string;

  @ApiPropertyOptional({ example: 120, minimum: 0 })
  @ValidateIf((dto: UpdateProductDto) => dto.stock !== undefined)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  stock?: number;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  category?: string | null;
}
