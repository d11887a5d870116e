/**
 * @jest-environment <rootDir>/../semantic-cache/test/support/onnx-test-environment.cjs
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@fleetcache/platform/testing';
import { createTinyModelFolder } from '@fleetcache/semantic-cache/testing';
import { ChatClient, startAssistant } from './assistant-support';

describe('assistant-service with a local ONNX model folder (ASSISTANT_EMBEDDER=onnx)', () => {
  let root: string;
  let assistant: RunningService;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assistant-onnx-'));
    const modelDir = await createTinyModelFolder(root);
    assistant = await startAssistant({ ASSISTANT_EMBEDDER: 'onnx', ASSISTANT_EMBEDDER_MODEL_DIR: modelDir });
  });
  afterAll(async () => {
    await assistant?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('embeds with the model: a miss, then the repeat from the cache, its entries apart from other embedders', async () => {
    const client = new ChatClient(assistant.url);
    const { body } = await client.send('POST', '/sessions', { user: 'onnx-user', tenant: 'acme' });
    const ask = (content: string) => client.send('POST', `/sessions/${body.id}/messages`, { content });
    expect((await ask('hello world redis cache')).body.source).toBe('model');
    const again = await ask('Hello world redis cache!');
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect(again.body.cache.match).toBe('exact');
  });

  it('refuses to start on a folder without a model, naming the variable and the path', async () => {
    await expect(
      startAssistant({ ASSISTANT_EMBEDDER: 'onnx', ASSISTANT_EMBEDDER_MODEL_DIR: join(root, 'missing') }),
    ).rejects.toThrow(/ASSISTANT_EMBEDDER_MODEL_DIR .*missing/);
  });
});
