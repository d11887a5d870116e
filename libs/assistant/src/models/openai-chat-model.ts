import { type ChatCompletion, type ChatModel, type ChatRequest, ModelError } from './chat-model';
import { abortedCallError, callSignal, estimatePromptTokens, estimateTokens, excerpt } from './model-call';

/** Options of the {@link OpenAiChatModel}. */
export interface OpenAiChatModelOptions {
  /**
   * Where the server is, without `/v1`: `https://api.openai.com`, `http://vllm:8000`, `http://ollama:11434`,
   * `http://llama-cpp:8080` (a trailing `/v1` is tolerated).
   */
  baseUrl: string;
  /** The model's name on that server, e.g. `gpt-4o-mini`. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set (local servers need none). */
  apiKey?: string;
  /** Longest a call may take, reply body included, ms; default 30 000. */
  timeoutMs?: number;
  /** Largest reply body read, bytes; a bigger one is refused; default 1 MiB. */
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** The part of a chat-completions reply that is read. */
interface ChatCompletionsReply {
  choices?: { message?: { content?: unknown } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
}

/**
 * A model behind an OpenAI-compatible chat-completions endpoint, `POST {baseUrl}/v1/chat/completions` (OpenAI,
 * vLLM, Ollama, llama.cpp's server). Sends `{ model, messages, temperature, max_tokens }`; reads
 * `choices[0].message.content` and `usage` (estimated at about 4 characters a token when the server reports none).
 * No retries. Every failure is a {@link ModelError}: a non-2xx status (`context.status`, an excerpt of the body),
 * a reply that is not the expected JSON or is over `maxResponseBytes`, the network, the time limit, the caller's
 * abort. The API key never appears in an error.
 */
export class OpenAiChatModel implements ChatModel {
  readonly id: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: OpenAiChatModelOptions) {
    this.id = `openai:${options.model}`;
    this.url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** Asks the server; see the class for what fails how. */
  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const signal = callSignal(this.timeoutMs, request.signal);
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(this.requestBody(request)),
        signal,
      });
      const body = await readCapped(response, this.maxResponseBytes, this.id);
      if (!response.ok) throw this.statusError(response.status, body);
      return this.parseReply(body, request);
    } catch (error) {
      if (error instanceof ModelError) throw error;
      if (signal.aborted) throw abortedCallError(this.id, request.signal, this.timeoutMs, error);
      throw this.networkError(error);
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private requestBody(request: ChatRequest): Record<string, unknown> {
    return {
      model: this.options.model,
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      temperature: request.params.temperature,
      max_tokens: request.params.maxTokens,
    };
  }

  /** The completion in `body`, checked strictly. */
  private parseReply(body: string, request: ChatRequest): ChatCompletion {
    let reply: ChatCompletionsReply;
    try {
      reply = JSON.parse(body) as ChatCompletionsReply;
    } catch (error) {
      throw this.malformed('not JSON', body, error);
    }
    const text = reply?.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw this.malformed('no choices[0].message.content text', body);
    const usage = reply.usage;
    if (usage === undefined || usage === null) {
      return {
        text,
        usage: {
          promptTokens: estimatePromptTokens(request.messages),
          completionTokens: estimateTokens(text),
        },
      };
    }
    if (!isTokenCount(usage.prompt_tokens) || !isTokenCount(usage.completion_tokens))
      throw this.malformed('usage without numeric prompt_tokens and completion_tokens', body);
    return { text, usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } };
  }

  private statusError(status: number, body: string): ModelError {
    const detail = excerpt(body, this.options.apiKey);
    return new ModelError(`${this.id} answered HTTP ${status}: ${detail}`, {
      model: this.id,
      status,
      body: detail,
    });
  }

  private malformed(problem: string, body: string, cause?: unknown): ModelError {
    const detail = excerpt(body, this.options.apiKey);
    return new ModelError(
      `${this.id} answered an unreadable reply (${problem}): ${detail}`,
      { model: this.id, body: detail },
      { cause },
    );
  }

  private networkError(error: unknown): ModelError {
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new ModelError(
      `${this.id} is unreachable: ${excerpt(reason, this.options.apiKey)}`,
      { model: this.id },
      { cause: error },
    );
  }
}

function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** The response body as text, refusing (and cancelling) one over `maxBytes`, announced or not. */
async function readCapped(response: Response, maxBytes: number, modelId: string): Promise<string> {
  const tooBig = (): ModelError =>
    new ModelError(`${modelId} answered a reply over ${maxBytes} bytes`, {
      model: modelId,
      status: response.status,
      maxBytes,
    });
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw tooBig();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
