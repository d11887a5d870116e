import { dependsOnConversation } from './conversation-dependence';

describe('dependsOnConversation', () => {
  it.each([
    'and what about the blue one?',
    'why is that?',
    'do it again',
    'Is it waterproof?',
    'cheaper ones',
    'what did you say before',
  ])('"%s" depends on the conversation when there is one', (prompt) => {
    expect(dependsOnConversation(prompt, true)).toBe(true);
  });

  it.each([
    'How do I reset my password?',
    'What is the return policy for shoes?',
    'refund order 1234 please',
  ])('"%s" is self-contained', (prompt) => {
    expect(dependsOnConversation(prompt, true)).toBe(false);
  });

  it('nothing depends on a conversation that has not started', () => {
    expect(dependsOnConversation('and why is that?', false)).toBe(false);
  });
});
