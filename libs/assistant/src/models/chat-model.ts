import { AppError } from '@fleetcache/core';

/** One message of a conversation, as every chat API takes it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Generation parameters that change the answer: part of what a cached answer must match. */
export interface GenerationParams {
  /** Sampling temperature, 0–2. */
  temperature: number;
  /** Most tokens the answer may have. */
  maxTokens: number;
}

/** What is asked of a model. */
export interface ChatRequest {
  messages: readonly ChatMessage[];
  params: GenerationParams;
  /** Aborts the call (the caller's time budget ran out). */
  signal?: AbortSignal;
}

/** Tokens a call used, as the provider reports them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A model's answer. */
export interface ChatCompletion {
  text: string;
  usage: TokenUsage;
}

/**
 * A foundation model behind one interface: the local stand-in, an OpenAI-compatible chat-completions endpoint
 * (OpenAI, vLLM, Ollama, llama.cpp), Amazon Bedrock Runtime.
 */
export interface ChatModel {
  /** Names provider and model, e.g. `openai:gpt-4o-mini`, `bedrock:anthropic.claude-3-haiku-20240307-v1:0`. */
  readonly id: string;
  /** Throws {@link ModelError} when the provider fails or answers something unreadable. */
  complete(request: ChatRequest): Promise<ChatCompletion>;
  close?(): Promise<void>;
}

/**
 * The model provider failed: unreachable, refused, timed out, or answered an unreadable body (503 at the edge).
 * `context.status`: the provider's HTTP status, when it answered one.
 */
export class ModelError extends AppError {
  readonly code = 'MODEL_UNAVAILABLE';
  readonly kind = 'unavailable' as const;
}
