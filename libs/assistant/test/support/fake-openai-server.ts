import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface RecordedOpenAiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
}

/** How the fake answers, until changed or {@link FakeOpenAiServer.reset}. */
export interface FakeOpenAiBehaviour {
  /** HTTP status; default 200. */
  status?: number;
  /** Waits this long before answering, ms. */
  delayMs?: number;
  /** The answer's text; default `echo: <last message content>`. */
  text?: string;
  /** `usage` of the reply; `null` leaves it out; default { prompt_tokens: 12, completion_tokens: 4 }. */
  usage?: Record<string, unknown> | null;
  /** Sent as is instead of a chat completion (a malformed or error body). */
  rawBody?: string;
}

/**
 * A local OpenAI-compatible server on 127.0.0.1 (random port): `POST /v1/chat/completions` answers a chat
 * completion shaped like OpenAI's (or whatever {@link FakeOpenAiBehaviour} says); other paths 404. Records every
 * request.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedOpenAiRequest[] = [];
  private behaviour: FakeOpenAiBehaviour = {};
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const recorded = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: parseJson(raw),
        };
        this.requests.push(recorded);
        const { status, body } = this.reply(recorded);
        const send = (): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(body);
        };
        if (!this.behaviour.delayMs) return send();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) send();
        }, this.behaviour.delayMs);
        this.timers.add(timer);
      });
    });
  }

  /** Starts a fake on a random port. */
  static async start(): Promise<FakeOpenAiServer> {
    const fake = new FakeOpenAiServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `http://127.0.0.1:<port>`, the base URL of the client. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the next requests as `behaviour` says. */
  program(behaviour: FakeOpenAiBehaviour): void {
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

  private reply(request: RecordedOpenAiRequest): { status: number; body: string } {
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions')
      return {
        status: 404,
        body: JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }),
      };
    const { status = 200, rawBody, text, usage } = this.behaviour;
    if (rawBody !== undefined) return { status, body: rawBody };
    const messages = (request.body as { messages?: { content?: string }[] } | undefined)?.messages ?? [];
    const completion = {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: (request.body as { model?: string } | undefined)?.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text ?? `echo: ${messages.at(-1)?.content ?? ''}` },
          finish_reason: 'stop',
        },
      ],
      ...(usage === null
        ? {}
        : { usage: usage ?? { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 } }),
    };
    return { status, body: JSON.stringify(completion) };
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
