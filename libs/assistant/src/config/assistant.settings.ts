import { ConfigValidationError } from '@fleetcache/core';
import {
  DEFAULT_SEMANTIC_CACHE_SETTINGS,
  type EmbedderSettings,
  type SemanticCacheSettings,
  type TenantCachePolicy,
} from '@fleetcache/semantic-cache';
import type { MemorySettings } from '../memory/chat-memory';
import type { ChatModelSettings } from '../models/models';
import { parseEntitySources, type EntitySource } from '../orchestrator/entity-sources';
import type { SessionSettings } from '../sessions';
import type { AssistantServiceEnv } from './assistant.env';

/** The assistant's standing instructions to the model. */
export const ASSISTANT_INSTRUCTIONS =
  'You are the support assistant of an online shop. Answer briefly and only from what you know or are given as context.';

/** Everything the assistant-service runs with, built once from the validated environment. */
export interface AssistantSettings {
  instructions: string;
  temperature: number;
  maxTokens: number;
  modelTimeoutMs: number;
  tokenBudget: number;
  sharing: 'tenant' | 'user';
  chatModel: ChatModelSettings;
  embedder: EmbedderSettings;
  semanticCache: SemanticCacheSettings;
  memory: MemorySettings;
  sessions: SessionSettings;
  entitySources: EntitySource[];
}

/** Builds the settings; throws ConfigValidationError listing what a provider is missing. */
export function assistantSettingsFromEnv(env: AssistantServiceEnv): AssistantSettings {
  const problems = missingProviderSettings(env);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return {
    instructions: ASSISTANT_INSTRUCTIONS,
    temperature: env.ASSISTANT_TEMPERATURE,
    maxTokens: env.ASSISTANT_MAX_TOKENS,
    modelTimeoutMs: env.ASSISTANT_MODEL_TIMEOUT_MS,
    tokenBudget: env.MEMORY_TOKEN_BUDGET,
    sharing: env.SEMANTIC_CACHE_SHARING,
    chatModel: chatModelSettings(env),
    embedder: embedderSettings(env),
    semanticCache: semanticCacheSettings(env),
    memory: {
      messages: env.MEMORY_MESSAGES,
      summaryChars: env.MEMORY_SUMMARY_CHARS,
      ttlSeconds: env.MEMORY_TTL_SECONDS,
      keyPrefix: env.CACHE_KEY_PREFIX,
    },
    sessions: {
      secret: [env.SESSION_SECRET, ...(env.SESSION_SECRET_PREVIOUS ? [env.SESSION_SECRET_PREVIOUS] : [])],
      idleSeconds: env.SESSION_IDLE_SECONDS,
      absoluteSeconds: env.SESSION_MAX_AGE_SECONDS,
      secureCookies: env.SESSION_COOKIE_SECURE,
      sameSite: env.SESSION_COOKIE_SAMESITE,
      keyPrefix: env.CACHE_KEY_PREFIX,
    },
    entitySources: parseEntitySources(env.SEMANTIC_CACHE_ENTITY_SOURCES),
  };
}

function missingProviderSettings(env: AssistantServiceEnv): string[] {
  const problems: string[] = [];
  if (env.ASSISTANT_MODEL_PROVIDER === 'openai' && !env.ASSISTANT_OPENAI_URL)
    problems.push('ASSISTANT_MODEL_PROVIDER=openai needs ASSISTANT_OPENAI_URL');
  if (env.ASSISTANT_MODEL_PROVIDER === 'bedrock' && !env.ASSISTANT_BEDROCK_REGION)
    problems.push('ASSISTANT_MODEL_PROVIDER=bedrock needs ASSISTANT_BEDROCK_REGION');
  if (env.ASSISTANT_EMBEDDER === 'onnx' && !env.ASSISTANT_EMBEDDER_MODEL_DIR)
    problems.push('ASSISTANT_EMBEDDER=onnx needs ASSISTANT_EMBEDDER_MODEL_DIR');
  if (env.ASSISTANT_EMBEDDER === 'openai' && !env.ASSISTANT_EMBEDDINGS_URL)
    problems.push('ASSISTANT_EMBEDDER=openai needs ASSISTANT_EMBEDDINGS_URL');
  return problems;
}

function chatModelSettings(env: AssistantServiceEnv): ChatModelSettings {
  const timeoutMs = env.ASSISTANT_MODEL_TIMEOUT_MS;
  switch (env.ASSISTANT_MODEL_PROVIDER) {
    case 'openai':
      return {
        provider: 'openai',
        baseUrl: env.ASSISTANT_OPENAI_URL as string,
        model: env.ASSISTANT_MODEL,
        apiKey: env.ASSISTANT_OPENAI_API_KEY,
        timeoutMs,
      };
    case 'bedrock':
      return {
        provider: 'bedrock',
        region: env.ASSISTANT_BEDROCK_REGION as string,
        modelId: env.ASSISTANT_MODEL,
        endpoint: env.ASSISTANT_BEDROCK_ENDPOINT,
        timeoutMs,
      };
    default:
      return { provider: 'stand-in', name: env.ASSISTANT_MODEL, delayMs: env.ASSISTANT_STAND_IN_DELAY_MS };
  }
}

function embedderSettings(env: AssistantServiceEnv): EmbedderSettings {
  switch (env.ASSISTANT_EMBEDDER) {
    case 'onnx':
      return {
        kind: 'onnx',
        modelDir: env.ASSISTANT_EMBEDDER_MODEL_DIR as string,
        folderLabel: 'ASSISTANT_EMBEDDER_MODEL_DIR',
      };
    case 'openai':
      return {
        kind: 'openai',
        baseUrl: env.ASSISTANT_EMBEDDINGS_URL as string,
        model: env.ASSISTANT_EMBEDDINGS_MODEL,
        apiKey: env.ASSISTANT_EMBEDDINGS_API_KEY,
        dimensions: env.ASSISTANT_EMBEDDINGS_DIMENSIONS,
      };
    default:
      return { kind: 'hashing' };
  }
}

function semanticCacheSettings(env: AssistantServiceEnv): SemanticCacheSettings {
  const defaults = DEFAULT_SEMANTIC_CACHE_SETTINGS;
  return {
    ...defaults,
    mode: env.SEMANTIC_CACHE_MODE ?? defaults.mode,
    threshold: env.SEMANTIC_CACHE_THRESHOLD,
    margin: env.SEMANTIC_CACHE_MARGIN ?? defaults.margin,
    ttlSeconds: env.SEMANTIC_CACHE_TTL_SECONDS ?? defaults.ttlSeconds,
    maxEntries: env.SEMANTIC_CACHE_MAX_ENTRIES ?? defaults.maxEntries,
    index: env.SEMANTIC_CACHE_INDEX ?? defaults.index,
    exactBelow: env.SEMANTIC_CACHE_EXACT_BELOW ?? defaults.exactBelow,
    maxWaitMs: env.SEMANTIC_CACHE_MAX_WAIT_MS ?? defaults.maxWaitMs,
    tenants: parseTenants(env.SEMANTIC_CACHE_TENANTS),
  };
}

/** SEMANTIC_CACHE_TENANTS: `{ "<tenant>": { threshold?, ttlSeconds?, maxEntries? } }`, checked field by field. */
export function parseTenants(json: string | undefined): Record<string, TenantCachePolicy> {
  if (!json) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ConfigValidationError(['SEMANTIC_CACHE_TENANTS is not valid JSON']);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigValidationError(['SEMANTIC_CACHE_TENANTS must be a JSON object of tenants']);
  const problems: string[] = [];
  for (const [tenant, policy] of Object.entries(parsed as Record<string, unknown>))
    problems.push(...tenantProblems(tenant, policy));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return parsed as Record<string, TenantCachePolicy>;
}

const TENANT_FIELDS: Record<keyof TenantCachePolicy, [number, number]> = {
  threshold: [0, 1],
  ttlSeconds: [1, 31_536_000],
  maxEntries: [1, 10_000_000],
};

function tenantProblems(tenant: string, policy: unknown): string[] {
  if (!policy || typeof policy !== 'object' || Array.isArray(policy))
    return [`SEMANTIC_CACHE_TENANTS.${tenant} must be an object`];
  return Object.entries(policy as Record<string, unknown>).flatMap(([field, value]) => {
    const range = TENANT_FIELDS[field as keyof TenantCachePolicy];
    if (!range)
      return [
        `SEMANTIC_CACHE_TENANTS.${tenant}.${field} is not a setting (threshold, ttlSeconds, maxEntries)`,
      ];
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= range[0] && value <= range[1];
    return ok
      ? []
      : [`SEMANTIC_CACHE_TENANTS.${tenant}.${field} must be a number from ${range[0]} to ${range[1]}`];
  });
}
