export { createAssistantApp, ASSISTANT_INFO } from './app/assistant.main';
export { AssistantAppModule } from './app/assistant-app.module';
export { AssistantModule, type AssistantModuleOptions } from './assistant.module';
export {
  ASSISTANT_ENV_SCHEMAS,
  AssistantHttpEnv,
  AssistantModelEnv,
  AssistantEmbedderEnv,
  SemanticCacheEnv,
  MemoryEnv,
  SessionEnv,
  type AssistantServiceEnv,
} from './config/assistant.env';
export {
  assistantSettingsFromEnv,
  parseTenants,
  ASSISTANT_INSTRUCTIONS,
  type AssistantSettings,
} from './config/assistant.settings';
export { AssistantService } from './orchestrator/assistant.service';
export type { AssistantAnswer } from './orchestrator/assistant-answer';
export { dependsOnConversation } from './memory/conversation-dependence';
export { assembleMessages, estimateTokens } from './memory/prompt-assembly';
export {
  ChatMemoryStore,
  MemoryUnavailableError,
  type ChatMemory,
  type ChatSession,
  type MemorySettings,
} from './memory/chat-memory';
export * from './models/models';
export * from './sessions';
