// The assistant's foundation-model clients: one ChatModel interface, three providers, and the factory.
export * from './chat-model';
export { StandInModel, type StandInModelOptions } from './stand-in-model';
export { OpenAiChatModel, type OpenAiChatModelOptions } from './openai-chat-model';
export { BedrockChatModel, type BedrockChatModelOptions } from './bedrock-chat-model';
export {
  CHAT_MODEL_PROVIDERS,
  createChatModel,
  type BedrockChatModelSettings,
  type ChatModelSettings,
  type OpenAiChatModelSettings,
  type StandInModelSettings,
} from './create-chat-model';
