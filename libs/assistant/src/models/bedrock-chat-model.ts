import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type ChatCompletion, type ChatModel, type ChatRequest, ModelError } from './chat-model';
import { abortedCallError, callSignal, estimatePromptTokens, estimateTokens, excerpt } from './model-call';

/** Options of the {@link BedrockChatModel}. */
export interface BedrockChatModelOptions {
  /** AWS region of the Bedrock Runtime endpoint, e.g. `us-east-1`. */
  region: string;
  /** Model or inference-profile id, e.g. `anthropic.claude-3-haiku-20240307-v1:0`, `eu.amazon.nova-lite-v1:0`. */
  modelId: string;
  /** Another endpoint than the region's: a VPC interface endpoint, a local fake in tests. */
  endpoint?: string;
  /**
   * Fixed credentials or a provider; without them the SDK's default chain is used (environment, IRSA web identity
   * token, ECS task role, EC2 instance role, shared config files).
   */
  credentials?: BedrockRuntimeClientConfig['credentials'];
  /** Longest a call may take, all attempts included, ms; default 30 000. */
  timeoutMs?: number;
  /** Attempts of one call, including the first; the SDK retries throttling, 5xx and network errors; default 2. */
  maxAttempts?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 2;
/** Longest wait for a TCP (and TLS) connection, ms (capped by the call's own limit). */
const CONNECTION_TIMEOUT_MS = 5000;

/**
 * A model on Amazon Bedrock, through the Bedrock Runtime Converse API (one request shape for every model family):
 * system messages go to `system`, the others to `messages` (consecutive messages of one role merged, as Converse
 * wants the roles to alternate), `temperature` and `maxTokens` to `inferenceConfig`. The answer is the text blocks
 * of `output.message`; usage is `inputTokens`/`outputTokens` (estimated when absent). Every failure is a
 * {@link ModelError}: an AWS error (`context.status` its HTTP status, `context.errorType` e.g. ThrottlingException,
 * AccessDeniedException, ValidationException), the network, the time limit, the caller's abort.
 */
export class BedrockChatModel implements ChatModel {
  readonly id: string;
  private readonly client: BedrockRuntimeClient;
  private readonly timeoutMs: number;

  constructor(private readonly options: BedrockChatModelOptions) {
    this.id = `bedrock:${options.modelId}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new BedrockRuntimeClient({
      region: options.region,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // This SDK version gives Bedrock Runtime clients an HTTP/2 handler (NodeHttp2Handler) by default, which only
      // the bidirectional-streaming APIs need; Converse is a plain request/response call. HTTP/1.1 is what every
      // endpoint speaks: against a plain-http endpoint (a local fake, a sidecar proxy) the HTTP/2 handler sends
      // cleartext HTTP/2, and an HTTP/1.1 server answers it with a protocol error (ERR_HTTP2_ERROR).
      requestHandler: new NodeHttpHandler({
        connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, this.timeoutMs),
        requestTimeout: this.timeoutMs,
        throwOnRequestTimeout: true,
      }),
    });
  }

  /** Asks the model through Converse; see the class for what fails how. */
  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const signal = callSignal(this.timeoutMs, request.signal);
    let output: ConverseCommandOutput;
    try {
      output = await this.client.send(new ConverseCommand(this.converseInput(request)), {
        abortSignal: signal,
      });
    } catch (error) {
      if (signal.aborted || (error as Error)?.name === 'TimeoutError')
        throw abortedCallError(this.id, request.signal, this.timeoutMs, error);
      throw this.sdkError(error);
    }
    return this.completion(output, request);
  }

  /** Releases the client's connections. */
  async close(): Promise<void> {
    this.client.destroy();
  }

  private converseInput(request: ChatRequest): ConverseCommandInput {
    const system = request.messages.filter((message) => message.role === 'system');
    const input: ConverseCommandInput = {
      modelId: this.options.modelId,
      messages: conversation(request),
      inferenceConfig: { temperature: request.params.temperature, maxTokens: request.params.maxTokens },
    };
    if (system.length > 0) input.system = system.map((message) => ({ text: message.content }));
    return input;
  }

  private completion(output: ConverseCommandOutput, request: ChatRequest): ChatCompletion {
    const blocks: ContentBlock[] | undefined = output.output?.message?.content;
    const texts = (blocks ?? []).flatMap((block) => (typeof block.text === 'string' ? [block.text] : []));
    if (texts.length === 0) {
      throw new ModelError(`${this.id} answered no text (stop reason ${output.stopReason ?? 'unknown'})`, {
        model: this.id,
        stopReason: output.stopReason,
      });
    }
    const text = texts.join('');
    const { inputTokens, outputTokens } = output.usage ?? {};
    return {
      text,
      usage: {
        promptTokens: typeof inputTokens === 'number' ? inputTokens : estimatePromptTokens(request.messages),
        completionTokens: typeof outputTokens === 'number' ? outputTokens : estimateTokens(text),
      },
    };
  }

  /** An SDK failure as a ModelError: the AWS error's type and HTTP status, or the network error's code. */
  private sdkError(error: unknown): ModelError {
    const failure = error as {
      name?: string;
      message?: string;
      code?: string;
      $metadata?: { httpStatusCode?: number; requestId?: string };
    };
    const status = failure?.$metadata?.httpStatusCode;
    const errorType = failure?.name ?? 'Error';
    const detail = excerpt(failure?.message ?? String(error));
    const what =
      status === undefined
        ? `failed (${failure?.code ?? errorType})`
        : `answered ${errorType} (HTTP ${status})`;
    return new ModelError(
      `${this.id} ${what}: ${detail}`,
      { model: this.id, status, errorType, requestId: failure?.$metadata?.requestId },
      { cause: error },
    );
  }
}

/** The non-system messages as Converse messages, consecutive messages of one role merged into one. */
function conversation(request: ChatRequest): Message[] {
  const messages: Message[] = [];
  for (const { role, content } of request.messages) {
    if (role === 'system') continue;
    const previous = messages.at(-1);
    if (previous?.role === role) previous.content?.push({ text: content });
    else messages.push({ role, content: [{ text: content }] });
  }
  return messages;
}
