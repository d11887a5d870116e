import {
  BedrockChatModel,
  type BedrockChatModelOptions,
  OpenAiChatModel,
  StandInModel,
} from '../src/models/models';
import { FakeBedrockServer } from './support/fake-bedrock-server';
import { FakeOpenAiServer } from './support/fake-openai-server';
import { closedPort, failure, request } from './support/model-calls';

const API_KEY = 'sk-test-secret-key-123456';
const CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret-access-key' };
const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('OpenAiChatModel against a local OpenAI-compatible server', () => {
  let fake: FakeOpenAiServer;
  let model: OpenAiChatModel;

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    model = new OpenAiChatModel({
      baseUrl: fake.url,
      model: 'gpt-4o-mini',
      apiKey: API_KEY,
      timeoutMs: 5000,
    });
  });

  it('posts model, messages, temperature and max_tokens with the bearer key and reads text and usage', async () => {
    const completion = await model.complete(request);

    expect(model.id).toBe('openai:gpt-4o-mini');
    expect(completion).toEqual({
      text: 'echo: And a stampede?',
      usage: { promptTokens: 12, completionTokens: 4 },
    });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: request.messages,
      temperature: 0.2,
      max_tokens: 128,
    });
  });

  it('sends no Authorization header without a key, and tolerates a base URL ending in /v1/', async () => {
    const keyless = new OpenAiChatModel({ baseUrl: `${fake.url}/v1/`, model: 'llama3' });

    await keyless.complete(request);

    expect(fake.requests[0].path).toBe('/v1/chat/completions');
    expect(fake.requests[0].headers.authorization).toBeUndefined();
  });

  it('estimates usage at about 4 characters a token when the server reports none', async () => {
    fake.program({ text: 'twelve chars', usage: null });

    const { usage } = await model.complete(request);

    const promptChars = request.messages.reduce(
      (sum, message) => sum + Math.ceil(message.content.length / 4),
      0,
    );
    expect(usage).toEqual({ promptTokens: promptChars, completionTokens: 3 });
  });

  it.each([429, 500])(
    'turns HTTP %d into a ModelError with the status and an excerpt, never the key',
    async (status) => {
      fake.program({
        status,
        rawBody: JSON.stringify({ error: { message: `Rate limited for key ${API_KEY}` } }),
      });

      const error = await failure(model.complete(request));

      expect(error.context).toMatchObject({ model: 'openai:gpt-4o-mini', status });
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain('Rate limited');
      expect(JSON.stringify({ message: error.message, context: error.context })).not.toContain(API_KEY);
      expect(error.kind).toBe('unavailable');
    },
  );

  it('gives up after timeoutMs', async () => {
    fake.program({ delayMs: 3000 });
    const impatient = new OpenAiChatModel({ baseUrl: fake.url, model: 'gpt-4o-mini', timeoutMs: 200 });
    const started = Date.now();

    const error = await failure(impatient.complete(request));

    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.context).toMatchObject({ timeoutMs: 200 });
  });

  it('stops when the caller aborts', async () => {
    fake.program({ delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await failure(model.complete({ ...request, signal: controller.signal }));

    expect(error.context).toMatchObject({ aborted: true });
  });

  it.each([
    ['malformed JSON', { rawBody: '{"choices": [' }],
    ['no choices', { rawBody: JSON.stringify({ object: 'chat.completion' }) }],
    [
      'null content',
      { rawBody: JSON.stringify({ choices: [{ message: { role: 'assistant', content: null } }] }) },
    ],
    ['usage not numbers', { usage: { prompt_tokens: '12', completion_tokens: 4 } }],
  ])('refuses a reply with %s', async (_case, behaviour) => {
    fake.program(behaviour);

    const error = await failure(model.complete(request));

    expect(error.message).toContain('unreadable reply');
    expect(error.context.status).toBeUndefined();
  });

  it('refuses a reply body over maxResponseBytes', async () => {
    fake.program({ text: 'x'.repeat(5000) });
    const capped = new OpenAiChatModel({ baseUrl: fake.url, model: 'gpt-4o-mini', maxResponseBytes: 1000 });

    const error = await failure(capped.complete(request));

    expect(error.context).toMatchObject({ maxBytes: 1000 });
  });

  it('reports an unreachable server as a ModelError', async () => {
    const nowhere = new OpenAiChatModel({ baseUrl: `http://127.0.0.1:${await closedPort()}`, model: 'm' });

    const error = await failure(nowhere.complete(request));

    expect(error.message).toContain('unreachable');
  });
});

describe('BedrockChatModel (AWS SDK, Converse) against a local Bedrock Runtime', () => {
  let fake: FakeBedrockServer;
  const models: BedrockChatModel[] = [];
  const bedrock = (options: Partial<BedrockChatModelOptions> = {}): BedrockChatModel => {
    const settings = { region: 'us-east-1', modelId: CLAUDE, endpoint: fake.url, credentials: CREDENTIALS };
    const model = new BedrockChatModel({ ...settings, maxAttempts: 1, ...options });
    models.push(model);
    return model;
  };

  beforeAll(async () => {
    fake = await FakeBedrockServer.start();
  });
  afterAll(async () => {
    await Promise.all(models.map((model) => model.close()));
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('sends system prompts apart, the conversation and the parameters, signed, and maps text and usage', async () => {
    const model = bedrock();

    const completion = await model.complete(request);

    expect(model.id).toBe(`bedrock:${CLAUDE}`);
    expect(completion).toEqual({
      text: 'echo: And a stampede?',
      usage: { promptTokens: 21, completionTokens: 6 },
    });
    const [sent] = fake.requests;
    expect(sent.modelId).toBe(CLAUDE);
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/bedrock\//,
    );
    expect(sent.body).toEqual({
      system: [{ text: 'You answer briefly.' }],
      messages: [
        { role: 'user', content: [{ text: 'What is a cache?' }] },
        { role: 'assistant', content: [{ text: 'A fast store.' }] },
        { role: 'user', content: [{ text: 'And a stampede?' }] },
      ],
      inferenceConfig: { temperature: 0.2, maxTokens: 128 },
    });
  });

  it('merges consecutive messages of one role (Converse wants the roles to alternate)', async () => {
    await bedrock().complete({
      messages: [
        { role: 'system', content: 'memory: the user likes Redis' },
        { role: 'user', content: 'first' },
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'second' },
      ],
      params: { temperature: 0, maxTokens: 16 },
    });

    expect(fake.requests[0].body.system).toEqual([
      { text: 'memory: the user likes Redis' },
      { text: 'be brief' },
    ]);
    expect(fake.requests[0].body.messages).toEqual([
      { role: 'user', content: [{ text: 'first' }, { text: 'second' }] },
    ]);
  });

  it('estimates usage when the reply has none', async () => {
    fake.program({ text: 'abcdefgh', usage: null });

    const { usage } = await bedrock().complete(request);

    expect(usage.completionTokens).toBe(2);
    expect(usage.promptTokens).toBeGreaterThan(0);
  });

  it('lets the SDK retry throttling up to maxAttempts', async () => {
    fake.program({ error: { status: 429, type: 'ThrottlingException', message: 'Too many requests' } });

    const error = await failure(bedrock({ maxAttempts: 2 }).complete(request));

    expect(error.context.status).toBe(429);
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.'],
    [400, 'ValidationException', 'The model returned the following errors: messages: roles must alternate'],
    [403, 'AccessDeniedException', 'You do not have access to the model with the specified model ID.'],
  ])('turns HTTP %d %s into a ModelError with that status', async (status, type, message) => {
    fake.program({ error: { status, type, message } });

    const error = await failure(bedrock().complete(request));

    expect(error.context).toMatchObject({ model: `bedrock:${CLAUDE}`, status, errorType: type });
    expect(error.message).toContain(message.slice(0, 30));
    expect(fake.requests).toHaveLength(1); // maxAttempts 1
  });

  it('gives up after timeoutMs', async () => {
    fake.program({ delayMs: 3000 });
    const started = Date.now();

    const error = await failure(bedrock({ timeoutMs: 300 }).complete(request));

    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.context).toMatchObject({ timeoutMs: 300 });
  });

  it('stops when the caller aborts', async () => {
    fake.program({ delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await failure(bedrock().complete({ ...request, signal: controller.signal }));

    expect(error.context).toMatchObject({ aborted: true });
  });

  it('reports an unreachable endpoint as a ModelError without status', async () => {
    const error = await failure(
      bedrock({ endpoint: `http://127.0.0.1:${await closedPort()}` }).complete(request),
    );

    expect(error.context.status).toBeUndefined();
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('StandInModel with its default delay', () => {
  it('answers deterministically after about 800 ms and counts its calls', async () => {
    const model = new StandInModel();
    const started = Date.now();

    const first = await model.complete(request);

    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    expect(model.id).toBe('stand-in:local');
    expect(first.text).toMatch(/^\[stand-in model\] You asked: And a stampede\?/);
    expect((await model.complete(request)).text).toBe(first.text);
    expect(model.calls).toBe(2);
  });

  it('stops waiting when the caller aborts', async () => {
    const model = new StandInModel();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();

    const error = await failure(model.complete({ ...request, signal: controller.signal }));

    expect(Date.now() - started).toBeLessThan(500);
    expect(error.context).toMatchObject({ aborted: true });
    expect(model.calls).toBe(1);
  });
});
