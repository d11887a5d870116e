/** Injection tokens of the assistant's parts. */
export const ASSISTANT_SETTINGS = Symbol('ASSISTANT_SETTINGS');
export const CHAT_MODEL = Symbol('CHAT_MODEL');
export const EMBEDDER = Symbol('EMBEDDER');
export const SEMANTIC_CACHE = Symbol('SEMANTIC_CACHE');
export const ANSWER_COORDINATOR = Symbol('ANSWER_COORDINATOR');
export const SESSION_STORE = Symbol('SESSION_STORE');
