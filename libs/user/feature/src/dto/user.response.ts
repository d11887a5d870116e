import { ApiProperty } from '@nestjs/swagger';

/** A user, as documented in OpenAPI. */
export class UserResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Kim' }) name: string;
  @ApiProperty({ example: 'kim@example.com' }) email: string;
  @ApiProperty({ example: 28, nullable: true, type: Number }) age: number | null;
  @ApiProperty({ example: 'Seoul', nullable: true, type: String }) city: string | null;
  @ApiProperty({ example: '2026-11-22T03:00:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-22T03:00:00.000Z' }) updatedAt: string;
  @ApiProperty({ example: 1, description: 'Incremented by every write; the ETag carries it.' })
  version: number;
}
