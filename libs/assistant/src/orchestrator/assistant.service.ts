import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type {
  AnswerCoordinator,
  Answered,
  CacheScope,
  PreparedQuery,
  SemanticCache,
} from '@fleetcache/semantic-cache';
import { ChatMemoryStore, type ChatMemory } from '../memory/chat-memory';
import { dependsOnConversation } from '../memory/conversation-dependence';
import { assembleMessages } from '../memory/prompt-assembly';
import { ModelError, type ChatMessage, type ChatModel, type GenerationParams } from '../models/chat-model';
import { ANSWER_COORDINATOR, ASSISTANT_SETTINGS, CHAT_MODEL, SEMANTIC_CACHE } from '../assistant.constants';
import type { AssistantSettings } from '../config/assistant.settings';
import type { AssistantAnswer } from './assistant-answer';
import { EntityRetriever } from './entity-sources';

/**
 * The orchestrator: a message is placed (shared or session scope), embedded and looked up in the semantic cache;
 * a hit answers at once; a miss is enriched with the chat's memory and the entities it names, sent to the model
 * once for every equal prompt in the fleet, and stored. Either way the turn is remembered.
 */
@Injectable()
export class AssistantService {
  private readonly log = new Logger(AssistantService.name);

  constructor(
    @Inject(SEMANTIC_CACHE) private readonly cache: SemanticCache,
    @Inject(ANSWER_COORDINATOR) private readonly coordinator: AnswerCoordinator,
    @Inject(CHAT_MODEL) private readonly model: ChatModel,
    @Inject(ASSISTANT_SETTINGS) private readonly settings: AssistantSettings,
    private readonly memory: ChatMemoryStore,
    private readonly entities: EntityRetriever,
  ) {}

  /** Answers `content` in the chat whose memory is `memory` (its owner checked by the caller). */
  async ask(
    memory: ChatMemory,
    content: string,
    requested: Partial<GenerationParams> = {},
  ): Promise<AssistantAnswer> {
    const started = performance.now();
    const params: GenerationParams = {
      temperature: requested.temperature ?? this.settings.temperature,
      maxTokens: requested.maxTokens ?? this.settings.maxTokens,
    };
    const dependent = dependsOnConversation(content, memory.messages.length > 0);
    const mentions = this.entities.mentions(content);
    const query = await this.cache.prepare({
      prompt: content,
      scope: this.scopeOf(memory, dependent),
      model: this.model.id,
      params: { ...params, ...preferencesParam(memory) },
      tags: mentions.map((m) => `${m.entity}:${m.id}`),
    });
    const answered = await this.coordinator.answer(query, () =>
      this.callModel(memory, query, params, dependent),
    );
    const answer = answered.source === 'cache' ? answered.hit.entry.answer : answered.produced.answer;
    await this.memory.appendTurn(memory.chat.id, content, answer);
    return describeAnswer(answered, query, dependent, performance.now() - started);
  }

  private async callModel(
    memory: ChatMemory,
    query: PreparedQuery,
    params: GenerationParams,
    withHistory: boolean,
  ) {
    const mentions = this.entities.mentions(query.prompt);
    const retrieved = await this.entities.retrieve(mentions);
    if (retrieved.length > 0) await this.memory.addContext(memory.chat.id, retrieved);
    const messages = assembleMessages(
      {
        instructions: this.settings.instructions,
        memory,
        retrieved,
        withHistory,
        budget: this.settings.tokenBudget,
      },
      query.prompt,
    );
    const completion = await this.complete(messages, params);
    return { answer: completion.text, usage: completion.usage };
  }

  /**
   * One model call. A provider's failure is logged with its details and answered with a plain 503: its message can
   * name accounts, roles or endpoints, which are not the client's business.
   */
  private async complete(messages: ChatMessage[], params: GenerationParams) {
    try {
      return await this.model.complete({
        messages,
        params,
        signal: AbortSignal.timeout(this.settings.modelTimeoutMs),
      });
    } catch (error) {
      this.log.warn({
        msg: 'model call failed',
        model: this.model.id,
        err: String(error),
        context: (error as ModelError).context,
      });
      throw new ModelError('The model provider failed or timed out; try again shortly', {
        model: this.model.id,
      });
    }
  }

  /** Self-contained prompts share answers across the tenant (or the user); dependent ones stay in their chat. */
  private scopeOf(memory: ChatMemory, dependent: boolean): CacheScope {
    const { tenant, user, id } = memory.chat;
    if (dependent) return { tenant, user, session: id };
    return this.settings.sharing === 'user' ? { tenant, user } : { tenant };
  }
}

/** The answer as the API returns it. */
function describeAnswer(
  answered: Answered,
  query: PreparedQuery,
  dependent: boolean,
  elapsedMs: number,
): AssistantAnswer {
  const hit = answered.source === 'cache' ? answered.hit : undefined;
  const used =
    answered.source === 'model' ? answered.produced.usage : { promptTokens: 0, completionTokens: 0 };
  return {
    answer: answered.source === 'cache' ? answered.hit.entry.answer : answered.produced.answer,
    source: answered.source,
    similarity: hit ? round(hit.similarity) : null,
    matchedPrompt: hit ? hit.entry.prompt : null,
    response_time_ms: round(elapsedMs),
    usage: {
      ...used,
      savedTokens: hit ? hit.entry.usage.promptTokens + hit.entry.usage.completionTokens : 0,
    },
    cache: {
      match: hit?.match ?? 'miss',
      scope: dependent ? 'session' : 'shared',
      entry: hit?.reference ?? `${query.partition}.${query.entryId}`,
      waited: answered.source === 'cache' && answered.waited,
    },
  };
}

/** The chat's preferences change answers: their digest is a generation parameter, so only equal preferences share. */
function preferencesParam(memory: ChatMemory): Record<string, string> {
  const entries = Object.entries(memory.chat.preferences).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return {};
  return {
    preferences: createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 16),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
