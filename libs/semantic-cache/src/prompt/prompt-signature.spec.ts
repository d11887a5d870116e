import { normalizePrompt } from './normalize-prompt';
import { promptSignature, signatureConflict } from './prompt-signature';

const conflict = (a: string, b: string) => signatureConflict(promptSignature(a), promptSignature(b));

describe('prompt signature guards', () => {
  it.each([
    ['refund order 1234', 'refund order 1243', 'numbers'],
    ['set the TTL to 30 seconds', 'set the TTL to 300 seconds', 'numbers'],
    ['Python 3.11 support', 'Python 3.12 support', 'numbers'],
    ['error ERR_504 on checkout', 'error ERR_502 on checkout', 'identifiers'],
    ['mail bob@example.com', 'mail alice@example.com', 'identifiers'],
    ['convert USD to EUR', 'convert EUR to USD', 'identifiers'],
    ['how do I enable two-factor auth', 'how do I disable two-factor auth', 'negation'],
    ['can I return an item without a receipt', 'can I return an item with a receipt', 'negation'],
    ['why is my payment going through', "why isn't my payment going through", 'negation'],
    ['turn off notifications', 'turn on notifications', 'negation'],
    ['Why can\u2019t I cancel my subscription', 'Why can I cancel my subscription', 'negation'],
    ['why doesnt my coupon work', 'why does my coupon work', 'negation'],
    ['is this ticket non-refundable', 'is this ticket refundable', 'negation'],
    ['is this ticket nonrefundable', 'is this ticket refundable', 'negation'],
    ['is the blue model unavailable', 'is the blue model available', 'negation'],
    ['can I return two items at once', 'can I return three items at once', 'numbers'],
    ['call me at 10:30', 'call me at 10:45', 'numbers'],
    ['is ERR_504 a timeout?', 'is err_505 a timeout?', 'identifiers'],
    ["What's the weather like in Paris, Texas?", "What's the weather like in Paris?", 'identifiers'],
    ['How many kilograms are in 5 pounds?', 'How many pounds are in 5 kilograms?', 'numbers'],
  ])('"%s" never answers "%s" (%s)', (a, b, reason) => {
    expect(conflict(a, b)).toBe(reason);
  });

  it.each([
    ['status of order 1234', "what's the status of my order 1234?"],
    ['price is 1,200.50', 'the price is 1200.50'],
    ['How do I reset my password?', 'how can i reset my password please'],
    ["why isn't my payment going through", 'why is my payment not going through'],
    ['Disabling 2FA', 'how to disable 2FA'],
    ['can I return 2 items', 'can I return two items'],
    ['Why can\u2019t I log in?', "why can't I log in"],
    ['(order 1234), please', 'order 1234 please'],
    ['what is the weather in Paris', 'what is the weather in paris today'],
    ['How Do I Reset My Password', 'how do i reset my password'],
    ['what does a TTL do', 'what do TTLs do'],
    ['ship 2 items', 'ship two item'],
  ])('"%s" and "%s" share a signature', (a, b) => {
    expect(conflict(a, b)).toBeUndefined();
  });

  it('normalizes case, spacing, quotes and closing punctuation for the exact match', () => {
    expect(normalizePrompt('  How do I   reset my password?? ')).toBe('how do i reset my password');
    expect(normalizePrompt('It’s “fine”.')).toBe('it\'s "fine"');
  });
});
