import {
  type Provider,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  createRedisClient,
  REDIS_CLIENT,
  RedisGuard,
  type CacheModuleOptions,
  type RedisClient,
} from '@fleetcache/cache';
import { INTERNAL_TOKENS, InternalTokenGuard, type EventsTransportOptions } from '@fleetcache/events';
import { AnswerCoordinator, SemanticCache, type Embedder } from '@fleetcache/semantic-cache';
import {
  ANSWER_COORDINATOR,
  ASSISTANT_SETTINGS,
  CHAT_MODEL,
  EMBEDDER,
  SEMANTIC_CACHE,
  SESSION_STORE,
} from './assistant.constants';
import { createSessionStore } from './sessions';
import type { AssistantSettings } from './config/assistant.settings';
import { AssistantAdminController } from './http/assistant-admin.controller';
import { SessionsController } from './http/sessions.controller';
import { EntityChangeInvalidator, EVENTS_TRANSPORT } from './invalidation/entity-change-invalidator';
import { ChatMemoryStore } from './memory/chat-memory';
import { createChatModel, type ChatModel } from './models/models';
import { AssistantService } from './orchestrator/assistant.service';
import { EntityRetriever } from './orchestrator/entity-sources';

/** What the assistant module is given besides its settings. */
export interface AssistantModuleOptions {
  settings: AssistantSettings;
  /** The embedder, loaded before the app is built (a model that fails to load stops the start with its reason). */
  embedder: Embedder;
  /** The cache's connection and key prefix (the semantic cache's index subscriber connects like it). */
  cache: CacheModuleOptions;
  events: EventsTransportOptions;
  /** Tokens the internal routes accept (INTERNAL_TOKEN, and INTERNAL_TOKEN_PREVIOUS during a rotation). */
  internalTokens: string[];
}

/** Starts the semantic cache (its index loaded from Redis) and closes what the module opened. */
class AssistantLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(SEMANTIC_CACHE) private readonly cache: SemanticCache,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(CHAT_MODEL) private readonly model: ChatModel,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.cache.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache.stop();
    await this.embedder.close?.();
    await this.model.close?.();
  }
}

/** The semantic cache on the cluster, its embedder, and the fleet-wide model-call coordinator. */
function semanticCacheProviders(options: AssistantModuleOptions): Provider[] {
  const { semanticCache } = options.settings;
  return [
    { provide: EMBEDDER, useValue: options.embedder },
    {
      provide: SEMANTIC_CACHE,
      inject: [REDIS_CLIENT, RedisGuard, EMBEDDER],
      useFactory: (redis: RedisClient, guard: RedisGuard, embedder: Embedder) =>
        new SemanticCache({
          redis,
          guard,
          embedder,
          settings: semanticCache,
          keyPrefix: options.cache.keyPrefix,
          subscriber: createRedisClient(
            { ...options.cache.redis, autoPipelining: false },
            { shardedSubscribers: true },
          ),
        }),
    },
    {
      provide: ANSWER_COORDINATOR,
      inject: [SEMANTIC_CACHE],
      useFactory: (cache: SemanticCache) =>
        new AnswerCoordinator(cache, semanticCache.leaseTtlMs, semanticCache.maxWaitMs),
    },
  ];
}

/** The chats' state on the cluster: memory and HTTP sessions. */
function stateProviders(options: AssistantModuleOptions): Provider[] {
  return [
    {
      provide: ChatMemoryStore,
      inject: [REDIS_CLIENT],
      useFactory: (redis: RedisClient) => new ChatMemoryStore(redis, options.settings.memory),
    },
    {
      provide: SESSION_STORE,
      inject: [REDIS_CLIENT],
      useFactory: (redis: RedisClient) => createSessionStore(options.settings.sessions, redis),
    },
  ];
}

/** The assistant: the chat API, its orchestrator, the semantic cache, memory, models, and the operator routes. */
@Module({})
export class AssistantModule {
  static forRoot(options: AssistantModuleOptions): DynamicModule {
    const { settings } = options;
    return {
      module: AssistantModule,
      controllers: [SessionsController, AssistantAdminController],
      exports: [SESSION_STORE],
      providers: [
        { provide: ASSISTANT_SETTINGS, useValue: settings },
        { provide: EVENTS_TRANSPORT, useValue: options.events },
        { provide: INTERNAL_TOKENS, useValue: options.internalTokens },
        { provide: CHAT_MODEL, useFactory: () => createChatModel(settings.chatModel) },
        { provide: EntityRetriever, useFactory: () => new EntityRetriever(settings.entitySources) },
        ...semanticCacheProviders(options),
        ...stateProviders(options),
        AssistantService,
        AssistantLifecycle,
        EntityChangeInvalidator,
        InternalTokenGuard,
      ],
    };
  }
}
