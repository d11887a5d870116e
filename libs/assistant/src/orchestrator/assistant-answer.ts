import type { TokenUsage } from '../models/chat-model';

/** The answer to one message, as POST /sessions/:id/messages returns it. */
export interface AssistantAnswer {
  answer: string;
  /** `cache`: no model call was made for this request; `model`: it was. */
  source: 'cache' | 'model';
  /** Similarity of the cached prompt that answered (1 for an exact repeat); null when the model answered. */
  similarity: number | null;
  /** The cached prompt that answered; null when the model answered. */
  matchedPrompt: string | null;
  response_time_ms: number;
  /** Tokens the model used for this request (0 on a cache hit) and tokens the hit saved. */
  usage: TokenUsage & { savedTokens: number };
  cache: {
    /** `exact`, `semantic`, or `miss`. */
    match: 'exact' | 'semantic' | 'miss';
    /** `shared`: among the tenant's users (a self-contained prompt); `session`: within this chat only. */
    scope: 'shared' | 'session';
    /** The entry that answered or was stored: DELETE /internal/cache/entries/:entry drops it. */
    entry: string;
    /** Whether this request waited for another request's model call on an equal prompt. */
    waited: boolean;
  };
}
