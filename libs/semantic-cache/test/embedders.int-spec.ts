/**
 * @jest-environment <rootDir>/test/support/onnx-test-environment.cjs
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxEmbedder } from '../src/embed/onnx-embedder';
import { OpenAiEmbedder, OpenAiEmbedderOptions } from '../src/embed/openai-embedder';
import { dotProduct } from '../src/embed/normalize-vector';
import { embedderError, expectSameVector, expectUnitLength } from './support/embedding-expectations';
import { FakeEmbeddingsServer, startFakeEmbeddingsServer } from './support/fake-embeddings-server';
import { createTinyModelFolder } from './support/tiny-onnx-model';

const TEXTS = ['hello world', 'how do i reset password', 'fleet truck route', 'redis cache', 'x'];

describe('OnnxEmbedder on a generated tiny model', () => {
  let root: string;
  let modelDir: string;
  let embedder: OnnxEmbedder;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'semantic-cache-onnx-'));
    modelDir = await createTinyModelFolder(root);
    embedder = await OnnxEmbedder.load(modelDir);
  });

  afterAll(async () => {
    await embedder?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('names itself after the folder and returns unit vectors of the model hidden size', async () => {
    expect(embedder.id).toBe('onnx:tiny-embedder');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.defaultThreshold).toBe(0.85);
    const vectors = await embedder.embed(TEXTS);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expectUnitLength(vector);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('gives the same text the same vector, and different texts different ones', async () => {
    const [first, other] = await embedder.embed(['fleet truck route', 'redis cache']);
    const [again] = await embedder.embed(['fleet truck route']);
    expect(Array.from(again)).toEqual(Array.from(first));
    expect(dotProduct(first, other)).toBeLessThan(0.99);
  });

  it('embeds a batch like one text at a time, whatever the padding and batch size', async () => {
    const batched = await embedder.embed(TEXTS);
    const smallBatches = await OnnxEmbedder.load(modelDir, { batchSize: 2 });
    try {
      const inPairs = await smallBatches.embed(TEXTS);
      for (const [i, text] of TEXTS.entries()) {
        const [alone] = await embedder.embed([text]);
        expectSameVector(batched[i], alone);
        expectSameVector(inPairs[i], alone);
      }
    } finally {
      await smallBatches.close();
    }
  });

  it('pools over real tokens only, like a model that pools inside its graph', async () => {
    const pooledDir = await createTinyModelFolder(root, {
      name: 'tiny-pooled',
      output: 'sentence_embedding',
    });
    const pooled = await OnnxEmbedder.load(pooledDir);
    try {
      const [short, long] = await pooled.embed(['hi', 'hello world cache fleet truck route redis']);
      const [ours] = await embedder.embed(['hi']);
      expectSameVector(short, ours);
      expectSameVector(long, (await embedder.embed(['hello world cache fleet truck route redis']))[0]);
    } finally {
      await pooled.close();
    }
  });

  it('feeds token_type_ids when the model declares it, and finds model.onnx at the top of the folder', async () => {
    const dir = await createTinyModelFolder(root, {
      name: 'tiny-typed',
      tokenTypeIds: true,
      modelAtTop: true,
    });
    const typed = await OnnxEmbedder.load(dir);
    try {
      expect(typed.id).toBe('onnx:tiny-typed');
      const [vector] = await typed.embed(['hello world']);
      expectUnitLength(vector);
    } finally {
      await typed.close();
    }
  });

  it('truncates to the folder token limit, keeping the closing [SEP], or to the configured one', async () => {
    const dir = await createTinyModelFolder(root, { name: 'tiny-short', modelMaxLength: 6 });
    const short = await OnnxEmbedder.load(dir);
    const configured = await OnnxEmbedder.load(modelDir, { maxLength: 4 });
    try {
      const [cut, kept] = await short.embed([
        'hello world cache fleet truck route',
        'hello world cache fleet',
      ]);
      expectSameVector(cut, kept);
      const [cutAgain, first] = await configured.embed(['hello world cache fleet', 'hello world']);
      expectSameVector(cutAgain, first);
    } finally {
      await short.close();
      await configured.close();
    }
  });

  it('refuses texts once closed', async () => {
    const closing = await OnnxEmbedder.load(modelDir);
    await closing.close();
    expect((await embedderError(closing.embed(['hello']))).message).toMatch(/closed/);
  });

  describe('a missing or broken model', () => {
    it('names the folder that does not exist, as the setting it came from', async () => {
      const missing = join(root, 'no-such-model');
      const error = await embedderError(
        OnnxEmbedder.load(missing, { folderLabel: 'ASSISTANT_EMBEDDER_MODEL_DIR' }),
      );
      expect(error.message).toBe(`ASSISTANT_EMBEDDER_MODEL_DIR ${missing} does not exist or cannot be read`);
    });

    it.each(['tokenizer.json', 'tokenizer_config.json'])(
      'names the folder and the missing %s',
      async (file) => {
        const dir = await createTinyModelFolder(root, { name: `without-${file}` });
        await unlink(join(dir, file));
        const error = await embedderError(
          OnnxEmbedder.load(dir, { folderLabel: 'ASSISTANT_EMBEDDER_MODEL_DIR' }),
        );
        expect(error.message).toBe(`ASSISTANT_EMBEDDER_MODEL_DIR ${dir} has no ${file}`);
      },
    );

    it('names the folder without a model file', async () => {
      const dir = await createTinyModelFolder(root, { name: 'without-model' });
      await unlink(join(dir, 'onnx', 'model.onnx'));
      const error = await embedderError(OnnxEmbedder.load(dir));
      expect(error.message).toBe(`ONNX model folder ${dir} has no onnx/model.onnx (nor model.onnx)`);
    });

    it('names a file that is not JSON', async () => {
      const dir = await createTinyModelFolder(root, { name: 'bad-json' });
      await writeFile(join(dir, 'tokenizer_config.json'), '{ "model_max_length": ');
      const error = await embedderError(OnnxEmbedder.load(dir));
      expect(error.message).toContain(`${join(dir, 'tokenizer_config.json')} is not valid JSON`);
    });

    it('refuses a corrupt model.onnx', async () => {
      const dir = await createTinyModelFolder(root, { name: 'corrupt' });
      const modelPath = join(dir, 'onnx', 'model.onnx');
      await writeFile(modelPath, Buffer.from('this is not an ONNX protobuf, just some bytes'.repeat(50)));
      const error = await embedderError(OnnxEmbedder.load(dir));
      expect(error.message).toContain(`${modelPath} is not a loadable ONNX model`);
    });
  });
});

describe('OpenAiEmbedder against a fake /v1/embeddings server', () => {
  let server: FakeEmbeddingsServer;
  let embedder: OpenAiEmbedder;
  const fakeClient = (options: Partial<OpenAiEmbedderOptions> = {}) =>
    new OpenAiEmbedder({
      baseUrl: server.baseUrl,
      model: 'fake-embed',
      apiKey: 'test-key',
      dimensions: 384,
      ...options,
    });

  beforeAll(async () => {
    server = await startFakeEmbeddingsServer({ apiKey: 'test-key' });
    embedder = fakeClient();
  });

  beforeEach(() => {
    server.behave({ kind: 'embed' });
    server.requests.length = 0;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('posts { model, input } with the bearer key and returns the vectors in order', async () => {
    expect(embedder.id).toBe('openai:fake-embed');
    expect(embedder.dimensions).toBe(384);
    const vectors = await embedder.embed(TEXTS);
    TEXTS.forEach((text, i) => expectSameVector(vectors[i], server.vectorOf(text)));
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe('Bearer test-key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ model: 'fake-embed', input: TEXTS });
  });

  it('orders the vectors by index, not by their place in the reply', async () => {
    server.behave({ kind: 'embed-reversed' });
    const vectors = await embedder.embed(TEXTS);
    TEXTS.forEach((text, i) => expectSameVector(vectors[i], server.vectorOf(text)));
  });

  it('accepts a base URL ending in /v1, sends batches, and gives blank texts the zero vector unsent', async () => {
    const batching = fakeClient({ baseUrl: `${server.baseUrl}/v1/`, batchSize: 2 });
    const vectors = await batching.embed(['  ', ...TEXTS]);
    expect(vectors[0].every((value) => value === 0)).toBe(true);
    TEXTS.forEach((text, i) => expectSameVector(vectors[i + 1], server.vectorOf(text)));
    expect(server.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([
      TEXTS.slice(0, 2),
      TEXTS.slice(2, 4),
      TEXTS.slice(4),
    ]);
  });

  it('normalizes the vectors it receives', async () => {
    server.behave({ kind: 'constant-vectors', dimensions: 384 });
    const [vector] = await embedder.embed(['hello']);
    expectUnitLength(vector);
    expect(vector[0]).toBeCloseTo(1 / Math.sqrt(384), 6);
  });

  it('turns an error status into an EmbedderError with the status and the start of the body', async () => {
    server.behave({ kind: 'status', status: 500, body: 'upstream model crashed\n' + 'x'.repeat(5000) });
    const error = await embedderError(embedder.embed(['hello']));
    expect(error.message).toMatch(/answered HTTP 500: upstream model crashed x+…$/);
    expect(error.message.length).toBeLessThan(400);
    expect(error.context).toMatchObject({ status: 500 });
  });

  it('reports a refused key as HTTP 401', async () => {
    const wrongKey = fakeClient({ apiKey: 'wrong' });
    expect((await embedderError(wrongKey.embed(['hello']))).message).toContain('HTTP 401');
  });

  it('refuses a reply that is not JSON', async () => {
    server.behave({ kind: 'malformed' });
    expect((await embedderError(embedder.embed(['hello']))).message).toContain('a body that is not JSON');
  });

  it('refuses vectors of another length than configured', async () => {
    server.behave({ kind: 'constant-vectors', dimensions: 3 });
    const error = await embedderError(embedder.embed(['hello']));
    expect(error.message).toContain('returned a 3-dimensional embedding, expected 384');
  });

  it('refuses a reply larger than its limit', async () => {
    const limited = fakeClient({ maxReplyBytes: 1000 });
    expect((await embedderError(limited.embed(['hello']))).message).toContain('more than 1000 bytes');
  });

  it('gives up on a slow server after its timeout', async () => {
    server.behave({ kind: 'slow', delayMs: 5000 });
    const impatient = fakeClient({ timeoutMs: 200 });
    const started = Date.now();
    const error = await embedderError(impatient.embed(['hello']));
    expect(error.message).toContain('did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = await startFakeEmbeddingsServer();
    await closed.close();
    const unreachable = fakeClient({ baseUrl: closed.baseUrl });
    expect((await embedderError(unreachable.embed(['hello']))).message).toContain('cannot be reached');
  });
});
