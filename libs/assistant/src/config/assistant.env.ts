import { CacheEnv } from '@fleetcache/cache';
import { EnvBool, EnvInt, IsDeploymentSecret, type EnvClass } from '@fleetcache/core';
import { EventsEnv } from '@fleetcache/events';
import { ApiAuthEnv, RateLimitEnv, ServiceEnv } from '@fleetcache/platform';
import {
  DEFAULT_SAME_SITE,
  DEFAULT_SECURE_COOKIES,
  DEFAULT_SESSION_ABSOLUTE_SECONDS,
  DEFAULT_SESSION_IDLE_SECONDS,
} from '../sessions/session-settings';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const URL_RULE = { require_tld: false, protocols: ['http', 'https'] };
const EMPTY_IS_UNSET = Transform(({ value }) => (value === '' ? undefined : value));

/** HTTP settings of the assistant-service. */
export class AssistantHttpEnv extends ServiceEnv {
  override PORT = 3004;
  override INTERNAL_PORT = 9004;
}

/** The foundation model (README, "Assistant": what each provider needs). */
export class AssistantModelEnv {
  /** `stand-in` (local, no keys, labelled), `openai` (any OpenAI-compatible endpoint) or `bedrock`. */
  @IsIn(['stand-in', 'openai', 'bedrock']) ASSISTANT_MODEL_PROVIDER: 'stand-in' | 'openai' | 'bedrock' =
    'stand-in';
  /** The model's name at the provider (a Bedrock model id for `bedrock`). */
  @IsString() @MinLength(1) @MaxLength(200) ASSISTANT_MODEL = 'local';
  /** The stand-in model's delay per call, ms (what a real model would take). */
  @EnvInt() @IsInt() @Min(0) @Max(120_000) ASSISTANT_STAND_IN_DELAY_MS = 800;
  /** Base URL of the OpenAI-compatible endpoint (`/v1/chat/completions` is appended); required for `openai`. */
  @EMPTY_IS_UNSET @IsOptional() @IsUrl(URL_RULE) ASSISTANT_OPENAI_URL?: string = undefined;
  /** Its API key (a Secret in deployments); optional for local servers (vLLM, Ollama, llama.cpp). */
  @EMPTY_IS_UNSET @IsOptional() @IsString() ASSISTANT_OPENAI_API_KEY?: string = undefined;
  /** AWS region of Bedrock Runtime; required for `bedrock` (credentials: the SDK's default chain). */
  @EMPTY_IS_UNSET @IsOptional() @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/) ASSISTANT_BEDROCK_REGION?: string =
    undefined;
  /** Another Bedrock Runtime endpoint (a VPC endpoint). */
  @EMPTY_IS_UNSET @IsOptional() @IsUrl(URL_RULE) ASSISTANT_BEDROCK_ENDPOINT?: string = undefined;
  /** Longest one model call may take, ms. */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) ASSISTANT_MODEL_TIMEOUT_MS = 30_000;
  /** Sampling temperature of answers (part of what a cached answer must match). */
  @Type(() => Number) @IsNumber() @Min(0) @Max(2) ASSISTANT_TEMPERATURE = 0;
  /** Most tokens per answer (part of what a cached answer must match). */
  @EnvInt() @IsInt() @Min(1) @Max(32_768) ASSISTANT_MAX_TOKENS = 512;
}

/** The embedder of the semantic cache. */
export class AssistantEmbedderEnv {
  /** `hashing` (lexical, no weights: rewordings, not synonyms), `onnx` (a local model folder) or `openai`. */
  @IsIn(['hashing', 'onnx', 'openai']) ASSISTANT_EMBEDDER: 'hashing' | 'onnx' | 'openai' = 'hashing';
  /** The model folder of `onnx` (tokenizer.json, onnx/model.onnx; e.g. all-MiniLM-L6-v2 mounted as a volume). */
  @EMPTY_IS_UNSET @IsOptional() @IsString() ASSISTANT_EMBEDDER_MODEL_DIR?: string = undefined;
  /** Base URL of the OpenAI-compatible `/v1/embeddings` endpoint; required for `openai`. */
  @EMPTY_IS_UNSET @IsOptional() @IsUrl(URL_RULE) ASSISTANT_EMBEDDINGS_URL?: string = undefined;
  /** The embedding model's name there. */
  @IsString() @MinLength(1) @MaxLength(200) ASSISTANT_EMBEDDINGS_MODEL = 'text-embedding-3-small';
  /** Its API key (a Secret). */
  @EMPTY_IS_UNSET @IsOptional() @IsString() ASSISTANT_EMBEDDINGS_API_KEY?: string = undefined;
  /** Its vectors' length. */
  @EnvInt() @IsInt() @Min(8) @Max(8192) ASSISTANT_EMBEDDINGS_DIMENSIONS = 1536;
}

/** The semantic cache (docs/semantic-cache.md); unset values take the library's defaults. */
export class SemanticCacheEnv {
  /** `semantic` (equal or similar prompts), `exact` (equal prompts only), `off` (always the model; the baselines). */
  @EMPTY_IS_UNSET @IsOptional() @IsIn(['semantic', 'exact', 'off']) SEMANTIC_CACHE_MODE?:
    'semantic' | 'exact' | 'off' = undefined;
  /** Similarity a candidate needs; unset: the embedder's own default. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  SEMANTIC_CACHE_THRESHOLD?: number = undefined;
  /** Lead the best candidate needs over a second one that answers differently. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(0.5)
  SEMANTIC_CACHE_MARGIN?: number = undefined;
  /** How long an answer is served, s. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(31_536_000)
  SEMANTIC_CACHE_TTL_SECONDS?: number = undefined;
  /** Most entries per partition (tenant, model, parameters); the least recently hit go first. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  SEMANTIC_CACHE_MAX_ENTRIES?: number = undefined;
  /** The search: `auto` (exact below SEMANTIC_CACHE_EXACT_BELOW entries, HNSW above), `exact` or `hnsw`. */
  @EMPTY_IS_UNSET @IsOptional() @IsIn(['auto', 'exact', 'hnsw']) SEMANTIC_CACHE_INDEX?:
    'auto' | 'exact' | 'hnsw' = undefined;
  /** Where `auto` moves a partition to HNSW. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  SEMANTIC_CACHE_EXACT_BELOW?: number = undefined;
  /** Longest a prompt waits for another instance's model call on an equal prompt, ms. */
  @EMPTY_IS_UNSET
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  SEMANTIC_CACHE_MAX_WAIT_MS?: number = undefined;
  /** Who shares answers of self-contained prompts: every user of a `tenant`, or each `user` alone. */
  @IsIn(['tenant', 'user']) SEMANTIC_CACHE_SHARING: 'tenant' | 'user' = 'tenant';
  /** Per-tenant overrides, JSON: `{"acme":{"threshold":0.9,"ttlSeconds":3600,"maxEntries":5000}}`. */
  @EMPTY_IS_UNSET @IsOptional() @IsString() @MaxLength(65_536) SEMANTIC_CACHE_TENANTS?: string = undefined;
  /**
   * Entities prompts may name, `entity=url` comma-separated (`product=http://product-service:3002/products`): a
   * prompt naming "product 42" gets the product as context on a miss, and its answer is tagged `product:42` and
   * dropped when the product changes (its change events).
   */
  @EMPTY_IS_UNSET
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,30}=https?:\/\/[^\s,=]+(,[a-z][a-z0-9-]{0,30}=https?:\/\/[^\s,=]+)*$/, {
    message: 'SEMANTIC_CACHE_ENTITY_SOURCES must be entity=http(s)://host:port/path pairs, comma-separated',
  })
  SEMANTIC_CACHE_ENTITY_SOURCES?: string = undefined;
}

/** Conversation memory. */
export class MemoryEnv {
  /** Messages kept verbatim per chat session; older ones are folded into its running summary. */
  @EnvInt() @IsInt() @Min(2) @Max(500) MEMORY_MESSAGES = 20;
  /** Longest running summary, characters. */
  @EnvInt() @IsInt() @Min(0) @Max(100_000) MEMORY_SUMMARY_CHARS = 2000;
  /** Tokens of memory (summary, preferences, context, history) a model call may carry. */
  @EnvInt() @IsInt() @Min(100) @Max(1_000_000) MEMORY_TOKEN_BUDGET = 2000;
  /** A chat session's memory lives this long after its last use, s. */
  @EnvInt() @IsInt() @Min(10) @Max(31_536_000) MEMORY_TTL_SECONDS = 86_400;
}

/** HTTP sessions (cookies; the store is the Redis Cluster). */
export class SessionEnv {
  /** Signs the session cookie: at least 32 characters, random in production. */
  @IsDeploymentSecret() SESSION_SECRET: string = undefined as unknown as string;
  /** The secret before a rotation, still accepted for existing cookies. */
  @EMPTY_IS_UNSET @IsOptional() @IsDeploymentSecret() SESSION_SECRET_PREVIOUS?: string = undefined;
  /** A session unused this long ends, s (sliding). */
  @EnvInt() @IsInt() @Min(10) @Max(31_536_000) SESSION_IDLE_SECONDS = DEFAULT_SESSION_IDLE_SECONDS;
  /** A session ends this long after sign-in however much it is used, s. */
  @EnvInt() @IsInt() @Min(10) @Max(31_536_000) SESSION_MAX_AGE_SECONDS = DEFAULT_SESSION_ABSOLUTE_SECONDS;
  /** Send the cookie over HTTPS only (leave on in production; `npm start` serves plain HTTP and turns it off). */
  @EnvBool() @IsBoolean() SESSION_COOKIE_SECURE = DEFAULT_SECURE_COOKIES;
  /** The cookie's SameSite. */
  @IsIn(['lax', 'strict']) SESSION_COOKIE_SAMESITE: 'lax' | 'strict' = DEFAULT_SAME_SITE;
}

/** Every schema the assistant-service validates at start. */
export const ASSISTANT_ENV_SCHEMAS: readonly EnvClass[] = [
  AssistantHttpEnv,
  CacheEnv,
  EventsEnv,
  RateLimitEnv,
  ApiAuthEnv,
  AssistantModelEnv,
  AssistantEmbedderEnv,
  SemanticCacheEnv,
  MemoryEnv,
  SessionEnv,
];

/** The validated environment of the assistant-service. */
export type AssistantServiceEnv = AssistantHttpEnv &
  CacheEnv &
  EventsEnv &
  RateLimitEnv &
  ApiAuthEnv &
  AssistantModelEnv &
  AssistantEmbedderEnv &
  SemanticCacheEnv &
  MemoryEnv &
  SessionEnv;
