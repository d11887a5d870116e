import type { ChatMessage } from '../models/chat-model';
import type { ChatMemory } from './chat-memory';

/** Tokens of a text, estimated (about 4 characters per token for English; the providers count exactly). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** What goes into a model call besides the prompt. */
export interface PromptParts {
  /** The assistant's standing instructions. */
  instructions: string;
  memory: ChatMemory;
  /** Context retrieved for this prompt (the entities it names). */
  retrieved: readonly string[];
  /** Self-contained prompts get no history and no summary: their answer is shared beyond the chat. */
  withHistory: boolean;
  /** Most tokens of memory the call may carry. */
  budget: number;
}

/**
 * The messages of a model call on a miss: a system message (instructions, the user's preferences, the context this
 * prompt retrieved, and for conversation-dependent prompts also the chat's earlier context and running summary),
 * then, for those, as many recent messages as the token budget leaves room for (newest kept first), then the
 * prompt. Context items are cut off where the budget ends.
 */
export function assembleMessages(parts: PromptParts, prompt: string): ChatMessage[] {
  let left = parts.budget - estimateTokens(parts.instructions) - estimateTokens(prompt);
  const system = [parts.instructions];
  const preferences = Object.entries(parts.memory.chat.preferences);
  if (preferences.length > 0)
    system.push(`User preferences: ${preferences.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  // A shared answer must not depend on this chat: it gets only the context its own prompt retrieved.
  const context = parts.withHistory ? [...parts.retrieved, ...parts.memory.context] : parts.retrieved;
  for (const item of context) {
    const line = `Context: ${item}`;
    if (estimateTokens(line) > left) break;
    system.push(line);
    left -= estimateTokens(line);
  }
  if (parts.withHistory && parts.memory.summary && estimateTokens(parts.memory.summary) <= left) {
    system.push(`Earlier in this conversation:\n${parts.memory.summary}`);
    left -= estimateTokens(parts.memory.summary);
  }
  const history: ChatMessage[] = [];
  if (parts.withHistory) {
    for (const message of [...parts.memory.messages].reverse()) {
      if (estimateTokens(message.content) > left) break;
      history.unshift({ role: message.role, content: message.content });
      left -= estimateTokens(message.content);
    }
  }
  return [{ role: 'system', content: system.join('\n') }, ...history, { role: 'user', content: prompt }];
}
