import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { HashingEmbedder } from '../../src/embed/hashing-embedder';

/**
 * How the fake answers `POST /v1/embeddings`:
 * - `embed`: 200 with one vector per input (the {@link HashingEmbedder}'s, so that rewordings stay similar), in order;
 * - `embed-reversed`: the same vectors listed last input first (each with its right `index`);
 * - `status`: that status and body;
 * - `malformed`: 200 with a body that is not JSON;
 * - `constant-vectors`: 200 with every vector `[0.5, 0.5, ...]` of `dimensions` numbers (another length than the
 *   server's tests the dimension check; the server's own length tests that the client normalizes);
 * - `slow`: answers like `embed` after `delayMs`.
 */
export type FakeEmbeddingsBehavior =
  | { readonly kind: 'embed' }
  | { readonly kind: 'embed-reversed' }
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'constant-vectors'; readonly dimensions: number }
  | { readonly kind: 'slow'; readonly delayMs: number };

/** A request the fake received. */
export interface RecordedEmbeddingsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
}

/** A local HTTP server on 127.0.0.1 speaking the OpenAI `/v1/embeddings` wire format, for tests. */
export interface FakeEmbeddingsServer {
  /** `http://127.0.0.1:<port>`: the `baseUrl` of an OpenAI-compatible embedder. */
  readonly baseUrl: string;
  readonly dimensions: number;
  /** Every request received, oldest first. */
  readonly requests: RecordedEmbeddingsRequest[];
  /** Changes how the next requests are answered (default `embed`). */
  behave(behavior: FakeEmbeddingsBehavior): void;
  /** The vector the fake returns for `text` (before the client normalizes it: it is already unit length). */
  vectorOf(text: string): number[];
  /** Stops listening and drops open connections (a request held by `slow` included). */
  close(): Promise<void>;
}

/** Options of {@link startFakeEmbeddingsServer}. */
export interface FakeEmbeddingsServerOptions {
  /** Vector length (default 384). */
  readonly dimensions?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  readonly apiKey?: string;
}

/** Starts a {@link FakeEmbeddingsServer} on an ephemeral port of 127.0.0.1. */
export async function startFakeEmbeddingsServer(
  options: FakeEmbeddingsServerOptions = {},
): Promise<FakeEmbeddingsServer> {
  const dimensions = options.dimensions ?? 384;
  const embedder = new HashingEmbedder({ dimensions });
  const requests: RecordedEmbeddingsRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let behavior: FakeEmbeddingsBehavior = { kind: 'embed' };
  const vectorOf = (text: string) => Array.from(embedder.embedText(text));

  const server = createServer((request, response) => {
    void readBody(request).then(
      (raw) => {
        const body = parseJson(raw);
        requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body,
        });
        const problem = requestProblem(request, body, options.apiKey);
        if (problem) return sendJson(response, problem.status, { error: { message: problem.message } });
        const input = (body as { model: string; input: string[] }).input;
        const model = (body as { model: string }).model;
        if (behavior.kind !== 'slow') return answer(response, behavior, input, model, vectorOf);
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(response, { kind: 'embed' }, input, model, vectorOf);
        }, behavior.delayMs);
        timers.add(timer);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dimensions,
    requests,
    behave: (next) => (behavior = next),
    vectorOf,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  response: ServerResponse,
  behavior: FakeEmbeddingsBehavior,
  input: string[],
  model: string,
  vectorOf: (text: string) => number[],
): void {
  if (behavior.kind === 'status') {
    response.writeHead(behavior.status, { 'content-type': 'text/plain' });
    response.end(behavior.body);
    return;
  }
  if (behavior.kind === 'malformed') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"data": [ {"index": 0, "embedding": [0.1, 0.2');
    return;
  }
  let data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) }));
  if (behavior.kind === 'constant-vectors') {
    data = data.map((item) => ({
      ...item,
      embedding: Array.from({ length: behavior.dimensions }, () => 0.5),
    }));
  }
  if (behavior.kind === 'embed-reversed') data = data.reverse();
  const tokens = input.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
  sendJson(response, 200, {
    object: 'list',
    data,
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** What is wrong with a request, as the status and message the fake answers with, or undefined. */
function requestProblem(
  request: IncomingMessage,
  body: unknown,
  apiKey: string | undefined,
): { status: number; message: string } | undefined {
  if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
    return { status: 404, message: `No route ${request.method} ${request.url}` };
  }
  if (apiKey !== undefined && request.headers.authorization !== `Bearer ${apiKey}`) {
    return { status: 401, message: 'Incorrect API key provided' };
  }
  if (!String(request.headers['content-type']).startsWith('application/json')) {
    return { status: 415, message: 'Expected a JSON body' };
  }
  const { model, input } = (body ?? {}) as { model?: unknown; input?: unknown };
  const inputsOk =
    Array.isArray(input) && input.length > 0 && input.every((text) => typeof text === 'string');
  if (typeof model !== 'string' || !inputsOk) {
    return { status: 400, message: 'Expected { model: string, input: string[] } with at least one input' };
  }
  if ((input as string[]).some((text) => text === ''))
    return { status: 400, message: 'Input cannot be empty' };
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}
