import { type ChatMessage, ModelError } from './chat-model';

/** Longest excerpt of a provider's reply or error text kept in a {@link ModelError}. */
const EXCERPT_CHARS = 200;

/** Rough token count of `text` (about 4 characters a token): for providers that report no usage, and the stand-in. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Rough token count of a whole conversation (the sum over its messages' text). */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
}

/** The start of `text` on one line, at most 200 characters, with every occurrence of `secret` blanked out. */
export function excerpt(text: string, secret?: string): string {
  const redacted = secret ? text.split(secret).join('[redacted]') : text;
  const oneLine = redacted.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS)}…` : oneLine;
}

/**
 * The signal a call runs under: it aborts when `timeoutMs` passes or when the caller's `signal` aborts, whichever
 * comes first.
 */
export function callSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([deadline, signal]) : deadline;
}

/**
 * The error of a call that was cut short: aborted by the caller (`context.aborted`), or past its own time limit
 * (`context.timeoutMs`).
 */
export function abortedCallError(
  modelId: string,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  cause?: unknown,
): ModelError {
  if (callerSignal?.aborted || timeoutMs === undefined)
    return new ModelError(
      `${modelId}: the call was aborted by the caller`,
      { model: modelId, aborted: true },
      { cause },
    );
  return new ModelError(
    `${modelId}: no answer within ${timeoutMs} ms`,
    { model: modelId, timeoutMs },
    { cause },
  );
}
