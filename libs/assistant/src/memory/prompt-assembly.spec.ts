import type { ChatMemory } from './chat-memory';
import { assembleMessages, estimateTokens } from './prompt-assembly';

const memory = (messages: number): ChatMemory => ({
  chat: { id: 'c', user: 'u', tenant: 't', preferences: { language: 'French' }, createdAt: 0 },
  messages: Array.from({ length: messages }, (_, i) => ({
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `message ${i} ${'x'.repeat(200)}`,
    at: i,
  })),
  summary: 'user: earlier question about shoes',
  context: ['product 7: {"name":"Red shoe"}'],
});

describe('assembleMessages', () => {
  it("gives a self-contained prompt no history, no summary and none of the chat's earlier context", () => {
    const messages = assembleMessages(
      {
        instructions: 'Be brief.',
        memory: memory(6),
        retrieved: ['product 9: {"name":"Hat"}'],
        withHistory: false,
        budget: 2000,
      },
      'What is the return policy?',
    );
    expect(messages).toHaveLength(2);
    expect(messages[0].content).toContain('language: French');
    expect(messages[0].content).toContain('Hat');
    expect(messages[0].content).not.toContain('Red shoe');
    expect(messages[0].content).not.toContain('earlier question');
    expect(messages[1]).toEqual({ role: 'user', content: 'What is the return policy?' });
  });

  it('keeps the newest messages that fit the token budget, in order, after the summary', () => {
    const messages = assembleMessages(
      { instructions: 'Be brief.', memory: memory(10), retrieved: [], withHistory: true, budget: 300 },
      'and that one?',
    );
    const history = messages.slice(1, -1);
    expect(history.length).toBeGreaterThan(0);
    expect(history.length).toBeLessThan(10);
    expect(history.at(-1)?.content).toMatch(/^message 9 /);
    expect(messages[0].content).toContain('earlier question');
    const tokens = messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    expect(tokens).toBeLessThanOrEqual(300 + estimateTokens('User preferences: language: French'));
  });
});
