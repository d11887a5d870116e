import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Body of POST /users. */
export class CreateUserDto {
  @ApiProperty({ example: 'Kim', maxLength: 100 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'kim@example.com', maxLength: 255 })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(255)
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
  @MaxLength(100)
  city?: string | null;
}
