/** The part of a message's answer the benchmark reads. */
export interface MessageReply {
  status: number;
  cacheStatus: string | null;
  source?: 'cache' | 'model';
  responseTimeMs?: number;
  match?: string;
  scope?: string;
  waited?: boolean;
  /** Measured here, from sending the request to having parsed its answer. */
  clientMs: number;
}

/** One chat of the assistant-service, like a browser: signs in (POST /sessions), then keeps the session cookie. */
export class ChatClient {
  private cookie = '';
  private chatId = '';

  constructor(private readonly baseUrl: string) {}

  /** Starts a chat session for `user` of `tenant`. */
  async start(user: string, tenant: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, tenant }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || !body.id) throw new Error(`POST /sessions: ${response.status}`);
    this.chatId = body.id;
  }

  /** Sends one message and times it. */
  async send(content: string): Promise<MessageReply> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}/sessions/${this.chatId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie },
      body: JSON.stringify({ content }),
    });
    const text = await response.text();
    const clientMs = performance.now() - started;
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const reply: MessageReply = {
      status: response.status,
      cacheStatus: response.headers.get('x-cache-status'),
      clientMs,
    };
    if (response.status !== 200) return reply;
    const body = JSON.parse(text) as {
      source: 'cache' | 'model';
      response_time_ms: number;
      cache: { match: string; scope: string; waited: boolean };
    };
    return {
      ...reply,
      source: body.source,
      responseTimeMs: body.response_time_ms,
      match: body.cache.match,
      scope: body.cache.scope,
      waited: body.cache.waited,
    };
  }
}
