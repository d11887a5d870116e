import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaxChars } from '@fleetcache/core';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Body of POST /users. */
export class CreateUserDto {
  @ApiProperty({ example: 'Kim', maxLength: 100 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxChars(100)
  name: string;

  @ApiProperty({ example: 'kim@example.com', maxLength: 255 })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxChars(255)
  email: string;

  @ApiPropertyOptional({ example: 28, minimum: 0, maximum: 150, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(150)
  age?: number | null;

  @ApiPropertyOptional({ example: 'Seoul', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxChars(100)
  city?: string | null;
}
