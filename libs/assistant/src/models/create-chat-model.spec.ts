import { ConfigValidationError } from '@fleetcache/core';
import { BedrockChatModel } from './bedrock-chat-model';
import { type ChatModelSettings, createChatModel } from './create-chat-model';
import { OpenAiChatModel } from './openai-chat-model';
import { StandInModel } from './stand-in-model';

describe('createChatModel', () => {
  it('makes the stand-in', () => {
    const model = createChatModel({ provider: 'stand-in', name: 'demo', delayMs: 5 });

    expect(model).toBeInstanceOf(StandInModel);
    expect(model.id).toBe('stand-in:demo');
  });

  it('makes an OpenAI-compatible client', () => {
    const model = createChatModel({ provider: 'openai', baseUrl: 'http://127.0.0.1:1', model: 'llama3' });

    expect(model).toBeInstanceOf(OpenAiChatModel);
    expect(model.id).toBe('openai:llama3');
  });

  it('makes a Bedrock client (no network until the first call)', async () => {
    const model = createChatModel({
      provider: 'bedrock',
      region: 'eu-west-1',
      modelId: 'amazon.nova-lite-v1:0',
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    });

    expect(model).toBeInstanceOf(BedrockChatModel);
    expect(model.id).toBe('bedrock:amazon.nova-lite-v1:0');
    await model.close?.();
  });

  it('refuses a provider it does not know', () => {
    const settings = { provider: 'gemini' } as unknown as ChatModelSettings;

    expect(() => createChatModel(settings)).toThrow(ConfigValidationError);
  });
});
