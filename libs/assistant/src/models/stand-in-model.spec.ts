import { type ChatMessage, type ChatRequest, ModelError } from './chat-model';
import { StandInModel } from './stand-in-model';

const question: ChatMessage = { role: 'user', content: 'How do I warm the cache?' };
const params = { temperature: 0.3, maxTokens: 256 };
const ask = (...messages: ChatMessage[]): ChatRequest => ({ messages, params });
/** The line of the answer carrying the digest of the whole request. */
const digestLine = (text: string): string => text.split('\n')[1];

describe('StandInModel', () => {
  const model = new StandInModel({ name: 'test', delayMs: 1 });

  it('is labelled a stand-in and repeats the last user question', async () => {
    const { text } = await model.complete(ask({ role: 'user', content: 'older' }, question));

    expect(model.id).toBe('stand-in:test');
    expect(text.startsWith('[stand-in model] You asked: How do I warm the cache?\n')).toBe(true);
    expect(text).toContain('no foundation model was called');
  });

  it('answers the same request with the same text', async () => {
    const first = await model.complete(ask(question));
    const second = await new StandInModel({ delayMs: 0 }).complete(ask(question));

    expect(second.text).toBe(first.text);
  });

  it('answers differently when a system prompt or memory is part of the prompt', async () => {
    const plain = await model.complete(ask(question));
    const withMemory = await model.complete(
      ask({ role: 'system', content: 'memory: prefers Redis' }, question),
    );
    const otherMemory = await model.complete(
      ask({ role: 'system', content: 'memory: prefers Memcached' }, question),
    );

    expect(digestLine(withMemory.text)).not.toBe(digestLine(plain.text));
    expect(digestLine(otherMemory.text)).not.toBe(digestLine(withMemory.text));
    expect(withMemory.text).toContain('(1 system)');
  });

  it('answers differently with other generation parameters', async () => {
    const cold = await model.complete({ messages: [question], params: { ...params, temperature: 0 } });
    const warm = await model.complete({ messages: [question], params: { ...params, temperature: 1 } });

    expect(cold.text).not.toBe(warm.text);
  });

  it('counts usage at about 4 characters a token', async () => {
    const { text, usage } = await model.complete(ask({ role: 'system', content: 'abcdefgh' }, question));

    expect(usage).toEqual({
      promptTokens: 2 + Math.ceil(question.content.length / 4),
      completionTokens: Math.ceil(text.length / 4),
    });
  });

  it('counts its calls', async () => {
    const counted = new StandInModel({ delayMs: 0 });

    await counted.complete(ask(question));
    await counted.complete(ask(question));

    expect(counted.calls).toBe(2);
  });

  it('waits its delay and rejects with a ModelError when the caller aborts', async () => {
    const slow = new StandInModel({ delayMs: 5000 });
    const controller = new AbortController();
    const pending = slow.complete({ ...ask(question), signal: controller.signal });
    controller.abort();

    await expect(pending).rejects.toBeInstanceOf(ModelError);
    await expect(slow.complete({ ...ask(question), signal: controller.signal })).rejects.toMatchObject({
      context: { aborted: true },
    });
    expect(slow.calls).toBe(2);
  });

  it('answers a request without a user message', async () => {
    const { text } = await model.complete(ask({ role: 'system', content: 'only a system prompt' }));

    expect(text).toContain('You asked: (no question)');
  });
});
