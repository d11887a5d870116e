import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Converse request the fake received. */
export interface RecordedConverseRequest {
  /** The model id from the path, decoded. */
  modelId: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body: `{ messages, system?, inferenceConfig? }`. */
  body: ConverseBody;
}

/** The part of the Converse request body the fake reads. */
export interface ConverseBody {
  messages?: { role: string; content: { text?: string }[] }[];
  system?: { text?: string }[];
  inferenceConfig?: { temperature?: number; maxTokens?: number };
}

/** How the fake answers, until changed or {@link FakeBedrockServer.reset}. */
export interface FakeBedrockBehaviour {
  /** Waits this long before answering, ms. */
  delayMs?: number;
  /** The answer's text; default `echo: <last message's text>`. */
  text?: string;
  /** `usage` of the reply; `null` leaves it out; default { inputTokens: 21, outputTokens: 6, totalTokens: 27 }. */
  usage?: Record<string, number> | null;
  /** Answers an AWS error instead: its HTTP status, type (e.g. ThrottlingException) and message. */
  error?: { status: number; type: string; message: string };
}

/**
 * A local Amazon Bedrock Runtime on 127.0.0.1 (random port), HTTP/1.1, implementing `POST /model/{modelId}/converse`
 * with the restJson1 shapes the AWS SDK sends and reads. A request without a SigV4 `Authorization` header is refused
 * (403, MissingAuthenticationTokenException); errors carry the `x-amzn-errortype` header and a JSON `{ message }`
 * body, as AWS sends them, so the SDK maps them to its exception classes. Records every request.
 */
export class FakeBedrockServer {
  readonly requests: RecordedConverseRequest[] = [];
  private behaviour: FakeBedrockBehaviour = {};
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.answer(req.method ?? '', req.url ?? '', req.headers, chunks, res));
    });
  }

  /** Starts a fake on a random port. */
  static async start(): Promise<FakeBedrockServer> {
    const fake = new FakeBedrockServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `http://127.0.0.1:<port>`, the client's `endpoint`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests as `behaviour` says. */
  program(behaviour: FakeBedrockBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Forgets the requests and the programmed behaviour. */
  reset(): void {
    this.requests.length = 0;
    this.behaviour = {};
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    res: ServerResponse,
  ): void {
    const route = /^\/model\/([^/]+)\/converse$/.exec(path);
    if (method !== 'POST' || !route)
      return sendError(res, 404, 'UnknownOperationException', `no route ${path}`);
    if (!String(headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential='))
      return sendError(res, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    let body: ConverseBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ConverseBody;
    } catch {
      return sendError(res, 400, 'SerializationException', 'request body is not JSON');
    }
    this.requests.push({ modelId: decodeURIComponent(route[1]), path, headers, body });
    const { delayMs } = this.behaviour;
    const send = (): void => this.sendConverseReply(res, body);
    if (!delayMs) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!res.destroyed) send();
    }, delayMs);
    this.timers.add(timer);
  }

  private sendConverseReply(res: ServerResponse, body: ConverseBody): void {
    const { error, text, usage } = this.behaviour;
    if (error) return sendError(res, error.status, error.type, error.message);
    const lastText = body.messages?.at(-1)?.content.at(-1)?.text ?? '';
    const reply = {
      output: { message: { role: 'assistant', content: [{ text: text ?? `echo: ${lastText}` }] } },
      stopReason: 'end_turn',
      ...(usage === null ? {} : { usage: usage ?? { inputTokens: 21, outputTokens: 6, totalTokens: 27 } }),
      metrics: { latencyMs: 3 },
    };
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'fake-request-1' });
    res.end(JSON.stringify(reply));
  }
}

/** An AWS JSON error: the type in `x-amzn-errortype` (with the namespace suffix AWS adds), `{ message }` as body. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': 'fake-request-error',
  });
  res.end(JSON.stringify({ message }));
}
