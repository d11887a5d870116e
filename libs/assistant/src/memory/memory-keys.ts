import { DEFAULT_KEY_PREFIX } from '@fleetcache/cache';

/**
 * Keys of the assistant's chat sessions. Every key of one chat shares its hash tag (`{chat:<id>}`), so its memory is
 * in one slot and each update is one script: atomic, and cluster-safe.
 */
export class MemoryKeys {
  constructor(private readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  /** The chat's owner, tenant, preferences and creation time (hash). */
  meta(chatId: string): string {
    return `${this.base(chatId)}:meta`;
  }

  /** Its last messages, oldest first (list of JSON). */
  messages(chatId: string): string {
    return `${this.base(chatId)}:messages`;
  }

  /** Its running summary of the messages that left the window (string). */
  summary(chatId: string): string {
    return `${this.base(chatId)}:summary`;
  }

  /** Context retrieved for it (the entities its prompts named), newest first (list of JSON). */
  context(chatId: string): string {
    return `${this.base(chatId)}:context`;
  }

  /** Every key of a chat, in the order the memory scripts take them. */
  all(chatId: string): [string, string, string, string] {
    return [this.meta(chatId), this.messages(chatId), this.summary(chatId), this.context(chatId)];
  }

  private base(chatId: string): string {
    return `${this.prefix}:as1:{chat:${chatId}}`;
  }
}
