import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaxChars } from '@fleetcache/core';
import {
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';

/** Most preferences per chat, and the longest key and value. */
const MAX_PREFERENCES = 16;
const MAX_PREFERENCE_KEY = 40;
const MAX_PREFERENCE_VALUE = 200;

/** A flat object of short string preferences: `{ "language": "French", "tone": "brief" }`. */
function IsPreferences(): PropertyDecorator {
  return ValidateBy({
    name: 'isPreferences',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_PREFERENCES &&
        Object.entries(value).every(
          ([key, v]) =>
            /^[a-zA-Z][\w-]*$/.test(key) &&
            key.length <= MAX_PREFERENCE_KEY &&
            typeof v === 'string' &&
            [...v].length <= MAX_PREFERENCE_VALUE,
        ),
      defaultMessage: () =>
        `preferences must be an object of at most ${MAX_PREFERENCES} string values (keys: letters, digits, _ or -, up to ${MAX_PREFERENCE_KEY} characters; values up to ${MAX_PREFERENCE_VALUE} characters)`,
    },
  });
}

/** POST /sessions: who the chat is for (asserted by the API client, which holds the API key). */
export class CreateSessionDto {
  @ApiProperty({ example: 'alice', description: 'The user the chat belongs to.' })
  @IsString()
  @Matches(/^[\w.@+-]{1,128}$/, { message: 'user must be 1-128 characters: letters, digits, _ . @ + -' })
  user!: string;

  @ApiPropertyOptional({
    example: 'acme',
    description: 'The tenant: answers are shared among its users only.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'tenant must be 1-64 characters: lower-case letters, digits and -',
  })
  tenant?: string;

  @ApiPropertyOptional({
    example: { language: 'English', tone: 'brief' },
    description: 'Preferences the answers follow.',
  })
  @IsOptional()
  @IsPreferences()
  preferences?: Record<string, string>;
}

/** POST /sessions/:id/messages. */
export class SendMessageDto {
  @ApiProperty({ example: 'How do I reset my password?', maxLength: 4000 })
  @IsString()
  @MinLength(1, { message: 'content must not be empty' })
  @MaxChars(4000)
  @Matches(/\S/, { message: 'content must not be blank' })
  content!: string;

  @ApiPropertyOptional({
    example: 0,
    minimum: 0,
    maximum: 2,
    description: 'Sampling temperature (default ASSISTANT_TEMPERATURE).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  temperature?: number;

  @ApiPropertyOptional({
    example: 256,
    minimum: 1,
    maximum: 4096,
    description: 'Most answer tokens (default ASSISTANT_MAX_TOKENS).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  maxTokens?: number;
}

/** POST /internal/cache/invalidations. */
export class InvalidateTagDto {
  @ApiProperty({ example: 'product:42' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,30}:[\w-]{1,64}$/, { message: 'tag must look like entity:id, e.g. product:42' })
  tag!: string;
}
