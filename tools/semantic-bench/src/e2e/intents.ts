/**
 * The assistant workload's intents: a support question as first asked, and rewordings a user might send later that
 * the lexical HashingEmbedder matches (word order, function words, inflections, politeness; no synonyms). Every
 * prompt is self-contained (over three words, no "it", "that", "there"…), so the service shares its answer across
 * the tenant's chats, and no two intents are near each other. The e2e command checks both before it runs.
 */
export interface Intent {
  prompt: string;
  rewordings: readonly string[];
}

/** Written by hand for this benchmark; 52 intents, so 100 requests with 40% new intents never run out. */
export const INTENTS: readonly Intent[] = [
  i('How do I reset my password?', 'How can I reset my password?', 'reset my password please'),
  i(
    'How do I change my email address?',
    'How can I change my email address?',
    'changing my email address, how?',
  ),
  i(
    'How do I update my billing address?',
    'update my billing address please',
    'how should I update my billing address',
  ),
  i(
    'How long does standard shipping take?',
    'how long will standard shipping take',
    'Standard shipping takes how long?',
  ),
  i(
    'What is your return policy for shoes?',
    "what's your return policy for shoes",
    'return policy for shoes please',
  ),
  i('How do I track my package?', 'How can I track my package?', 'tracking my package, how do I do so'),
  i(
    'How do I apply a discount code at checkout?',
    'apply a discount code at checkout how',
    'applying discount codes at checkout',
  ),
  i(
    'Which payment methods do you accept?',
    'What payment methods do you accept?',
    'which payment methods are accepted',
  ),
  i('How do I cancel my subscription?', 'How can I cancel my subscription?', 'cancel my subscription please'),
  i(
    'How do I contact customer support?',
    'How can I contact customer support?',
    'contacting customer support, how?',
  ),
  i(
    'Where can I download my invoices?',
    'where do I download my invoices',
    'download my invoices from where?',
  ),
  i(
    'How do I set up two factor authentication?',
    'How can I set up two factor authentication?',
    'setting up two factor authentication',
  ),
  i(
    'How do I delete my account permanently?',
    'How can I permanently delete my account?',
    'delete my account permanently please',
  ),
  i('How do I add a new team member?', 'How can I add a new team member?', 'adding a new team member, how?'),
  i(
    'What are your customer service hours?',
    'what are the customer service hours',
    'tell me your customer service hours',
  ),
  i(
    'How do I export my order history?',
    'How can I export my order history?',
    'export my order history please',
  ),
  i(
    'How do I change the language of the interface?',
    'How can I change the interface language?',
    'changing the language of the interface',
  ),
  i('How do I enable dark mode?', 'How can I enable dark mode?', 'enable dark mode please'),
  i(
    'How do I print a shipping label?',
    'How can I print a shipping label?',
    'printing a shipping label, how?',
  ),
  i(
    'How do I request a refund for a damaged item?',
    'How can I request a refund for a damaged item?',
    'requesting a refund for a damaged item',
  ),
  i(
    'How do I verify my email address?',
    'How can I verify my email address?',
    'verify my email address please',
  ),
  i(
    'How do I connect my store to a marketplace?',
    'How can I connect my store to a marketplace?',
    'connecting my store to a marketplace',
  ),
  i('How do I create an API key?', 'How can I create an API key?', 'create an API key please'),
  i(
    'How do I invite colleagues to my workspace?',
    'How can I invite colleagues to my workspace?',
    'inviting colleagues to my workspace',
  ),
  i(
    'How do I change my profile picture?',
    'How can I change my profile picture?',
    'changing my profile picture, how?',
  ),
  i(
    'How do I schedule a weekly sales report?',
    'How can I schedule a weekly sales report?',
    'schedule a weekly sales report please',
  ),
  i(
    'How do I rename a product category?',
    'How can I rename a product category?',
    'renaming a product category',
  ),
  i(
    'How do I set a spending limit on my card?',
    'How can I set a spending limit on my card?',
    'setting a spending limit on my card',
  ),
  i('How do I pause my membership?', 'How can I pause my membership?', 'pause my membership please'),
  i(
    'How do I report a bug in the mobile app?',
    'How can I report a bug in the mobile app?',
    'reporting a bug in the mobile app',
  ),
  i(
    'How do I change my notification settings?',
    'How can I change my notification settings?',
    'changing my notification settings',
  ),
  i('Where do I find my order number?', 'Where can I find my order number?', 'find my order number where?'),
  i('How do I redeem a gift card?', 'How can I redeem a gift card?', 'redeem a gift card please'),
  i(
    'How do I split a payment between two cards?',
    'How can I split a payment between two cards?',
    'splitting a payment between two cards',
  ),
  i(
    'How do I transfer ownership of a workspace?',
    'How can I transfer ownership of a workspace?',
    'transferring ownership of a workspace',
  ),
  i(
    'How do I set my default shipping address?',
    'How can I set my default shipping address?',
    'setting my default shipping address',
  ),
  i(
    'How do I change my subscription plan?',
    'How can I change my subscription plan?',
    'changing my subscription plan, how?',
  ),
  i(
    'How do I restore a deleted project?',
    'How can I restore a deleted project?',
    'restoring a deleted project, how?',
  ),
  i(
    'How do I share a dashboard with my team?',
    'How can I share a dashboard with my team?',
    'sharing a dashboard with my team',
  ),
  i(
    'How do I sync my calendar with the planner?',
    'How can I sync my calendar with the planner?',
    'syncing my calendar with the planner',
  ),
  i(
    'How do I change the currency of my shop?',
    'How can I change the currency of my shop?',
    'changing the currency of my shop',
  ),
  i(
    'How do I upgrade to the premium plan?',
    'How can I upgrade to the premium plan?',
    'upgrading to the premium plan, how?',
  ),
  i(
    'How do I turn on automatic backups?',
    'How can I turn on automatic backups?',
    'turn on automatic backups please',
  ),
  i(
    'How do I update my phone number?',
    'How can I update my phone number?',
    'updating my phone number, how?',
  ),
  i(
    'How do I recover a forgotten username?',
    'How can I recover a forgotten username?',
    'recovering a forgotten username',
  ),
  i(
    'How do I write a product review?',
    'How can I write a product review?',
    'writing a product review, how?',
  ),
  i(
    'How do I join the loyalty program?',
    'How can I join the loyalty program?',
    'joining the loyalty program, how?',
  ),
  i(
    'How do I edit a published blog post?',
    'How can I edit a published blog post?',
    'editing a published blog post',
  ),
  i('How do I print a packing slip?', 'How can I print a packing slip?', 'printing a packing slip, how?'),
  i('How do I book a product demo?', 'How can I book a product demo?', 'booking a product demo, how?'),
  i(
    'How do I change the owner of a support ticket?',
    'How can I change the owner of a support ticket?',
    'changing the owner of a support ticket',
  ),
  i(
    'How do I set up a custom domain?',
    'How can I set up a custom domain?',
    'setting up a custom domain, how?',
  ),
];

function i(prompt: string, ...rewordings: string[]): Intent {
  return { prompt, rewordings };
}
