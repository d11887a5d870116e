import { createServer } from 'node:net';
import { type ChatRequest, ModelError } from '../../src/models/models';

/** A short conversation: a system prompt, a question, an answer, the next question. */
export const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'What is a cache?' },
    { role: 'assistant', content: 'A fast store.' },
    { role: 'user', content: 'And a stampede?' },
  ],
  params: { temperature: 0.2, maxTokens: 128 },
};

/** The error `promise` rejects with, failing when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
