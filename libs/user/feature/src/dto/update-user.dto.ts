import { ApiPropertyOptional } from '@nestjs/swagger';
import { MaxChars } from '@fleetcache/core';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Body of PATCH /users/:id: any subset of the fields; name and email may be omitted but never null. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Kim Minji', maxLength: 100 })
  @ValidateIf((dto: UpdateUserDto) => dto.name !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxChars(100)
  name?: string;

  @ApiPropertyOptional({ example: 'minji@example.com', maxLength: 255 })
  @ValidateIf((dto: UpdateUserDto) => dto.email !== undefined)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxChars(255)
  email?: string;

  @ApiPropertyOptional({ example: 29, minimum: 0, maximum: 150, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(150)
  age?: number | null;

  @ApiPropertyOptional({ example: 'Busan', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  city?: string | null;
}
