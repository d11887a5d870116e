import { ConfigValidationError } from '@fleetcache/core';
import { BedrockChatModel, type BedrockChatModelOptions } from './bedrock-chat-model';
import type { ChatModel } from './chat-model';
import { OpenAiChatModel, type OpenAiChatModelOptions } from './openai-chat-model';
import { StandInModel, type StandInModelOptions } from './stand-in-model';

/** Settings of the local stand-in (no keys, no network). */
export type StandInModelSettings = { provider: 'stand-in' } & StandInModelOptions;
/** Settings of an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp). */
export type OpenAiChatModelSettings = { provider: 'openai' } & OpenAiChatModelOptions;
/** Settings of a model on Amazon Bedrock (Converse API). */
export type BedrockChatModelSettings = { provider: 'bedrock' } & BedrockChatModelOptions;

/** Which foundation model the assistant uses and how to reach it, chosen by `provider`. */
export type ChatModelSettings = StandInModelSettings | OpenAiChatModelSettings | BedrockChatModelSettings;

/** The provider names {@link createChatModel} knows. */
export const CHAT_MODEL_PROVIDERS = ['stand-in', 'openai', 'bedrock'] as const;

/**
 * The chat model `settings` describe (settings are passed in; nothing is read from the environment here). Throws
 * {@link ConfigValidationError} for a provider it does not know (settings built from untyped input).
 */
export function createChatModel(settings: ChatModelSettings): ChatModel {
  switch (settings.provider) {
    case 'stand-in': {
      const { provider: _provider, ...options } = settings;
      return new StandInModel(options);
    }
    case 'openai': {
      const { provider: _provider, ...options } = settings;
      return new OpenAiChatModel(options);
    }
    case 'bedrock': {
      const { provider: _provider, ...options } = settings;
      return new BedrockChatModel(options);
    }
    default: {
      const provider: unknown = (settings as { provider?: unknown }).provider;
      throw new ConfigValidationError([
        `unknown chat model provider ${JSON.stringify(provider)}: expected one of ${CHAT_MODEL_PROVIDERS.join(', ')}`,
      ]);
    }
  }
}
