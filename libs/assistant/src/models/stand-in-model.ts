import { createHash } from 'node:crypto';
import type { ChatCompletion, ChatModel, ChatRequest } from './chat-model';
import { abortedCallError, estimatePromptTokens, estimateTokens } from './model-call';

/** Options of the {@link StandInModel}. */
export interface StandInModelOptions {
  /** Names the stand-in in its id, `stand-in:<name>`; default `local`. */
  name?: string;
  /** How long each answer takes, ms (a foundation model's latency); default 800. */
  delayMs?: number;
}

const DEFAULT_DELAY_MS = 800;
/** Longest part of the question repeated in the answer. */
const QUESTION_CHARS = 200;

/**
 * LOCAL STAND-IN for a foundation model, for `npm start`, demos and tests: no keys, no network, no model. Its answer
 * is deterministic: `[stand-in model] You asked: <the last user message>` and a line carrying a digest of the whole
 * request (every message, system prompts and memory included, and the generation parameters), so a test can tell
 * two prompts apart by their answers (`maxTokens` does not cut it). Usage is counted as about 4 characters a token.
 * Each answer takes `delayMs`; the caller's `signal` cuts the wait short with a
 * {@link ModelError}. `calls` counts the calls to {@link complete}, aborted ones included.
 */
export class StandInModel implements ChatModel {
  readonly id: string;
  /** Calls to {@link complete} so far (tests reset it freely). */
  calls = 0;
  private readonly delayMs: number;

  constructor(options: StandInModelOptions = {}) {
    this.id = `stand-in:${options.name ?? 'local'}`;
    this.delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  }

  /** The deterministic answer to `request`, after the configured delay. */
  async complete(request: ChatRequest): Promise<ChatCompletion> {
    this.calls++;
    await this.wait(request.signal);
    const text = standInAnswer(request);
    return {
      text,
      usage: { promptTokens: estimatePromptTokens(request.messages), completionTokens: estimateTokens(text) },
    };
  }

  /** Waits `delayMs`, or rejects as soon as `signal` aborts. */
  private wait(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedCallError(this.id, signal, undefined, signal.reason));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortedCallError(this.id, signal, undefined, signal?.reason));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, this.delayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The stand-in's answer to `request`. */
export function standInAnswer(request: ChatRequest): string {
  const question = [...request.messages]
    .reverse()
    .find((message) => message.role === 'user')
    ?.content.trim();
  const asked = !question
    ? '(no question)'
    : question.length > QUESTION_CHARS
      ? `${question.slice(0, QUESTION_CHARS)}…`
      : question;
  const systemMessages = request.messages.filter((message) => message.role === 'system').length;
  return (
    `[stand-in model] You asked: ${asked}\n` +
    `Stand-in answer ${requestDigest(request)}, from ${request.messages.length} messages ` +
    `(${systemMessages} system). Generated locally; no foundation model was called.`
  );
}

/** 12 hex digits identifying the request's messages and parameters. */
function requestDigest(request: ChatRequest): string {
  const { temperature, maxTokens } = request.params;
  const canonical = JSON.stringify({
    messages: request.messages.map(({ role, content }) => [role, content]),
    params: [temperature, maxTokens],
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}
