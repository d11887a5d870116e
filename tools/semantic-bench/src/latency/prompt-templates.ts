/**
 * Generated support prompts for filling the cache with many distinct entries: "How do I <action> <object> in
 * <place>?". 25 actions × 25 objects × 24 places = 15,000 distinct prompts, with no numbers or identifiers (so the
 * guards pass and a lookup's cost is the embedding, the search and the Redis reads).
 */
const ACTIONS = [
  'configure',
  'update',
  'review',
  'archive',
  'rename',
  'share',
  'export',
  'audit',
  'translate',
  'duplicate',
  'schedule',
  'approve',
  'validate',
  'migrate',
  'customize',
  'organize',
  'monitor',
  'publish',
  'verify',
  'sort',
  'print',
  'tag',
  'merge',
  'filter',
  'backup',
];
const OBJECTS = [
  'invoices',
  'shipping labels',
  'customer notes',
  'price lists',
  'product photos',
  'gift cards',
  'tax rates',
  'return forms',
  'loyalty points',
  'order history',
  'staff accounts',
  'warehouse stock',
  'payment reminders',
  'discount codes',
  'delivery zones',
  'email templates',
  'supplier contacts',
  'sales reports',
  'refund requests',
  'product bundles',
  'store hours',
  'review replies',
  'wish lists',
  'packing slips',
  'currency settings',
];
const PLACES = [
  'the dashboard',
  'the mobile app',
  'the admin console',
  'the web shop',
  'the billing portal',
  'the reports page',
  'the settings screen',
  'the partner portal',
  'the point of sale',
  'the help center',
  'the checkout page',
  'the desktop client',
  'the warehouse app',
  'the marketing hub',
  'the analytics view',
  'the catalog editor',
  'the support inbox',
  'the finance module',
  'the team workspace',
  'the customer portal',
  'the shipping center',
  'the inventory screen',
  'the sales console',
  'the seller hub',
];
/** Places never stored: prompts about them are misses with related entries nearby. */
const UNSTORED_PLACES = ['the legacy backend', 'the kiosk mode', 'the beta preview', 'the offline mode'];

/** The most distinct prompts {@link storedPrompt} can make. */
export const MAX_TEMPLATE_PROMPTS = ACTIONS.length * OBJECTS.length * PLACES.length;

function parts(index: number): [string, string, string] {
  const action = ACTIONS[index % ACTIONS.length];
  const object = OBJECTS[Math.floor(index / ACTIONS.length) % OBJECTS.length];
  const place = PLACES[Math.floor(index / (ACTIONS.length * OBJECTS.length)) % PLACES.length];
  return [action, object, place];
}

/** The `index`-th stored prompt (0 ≤ index < {@link MAX_TEMPLATE_PROMPTS}). */
export function storedPrompt(index: number): string {
  const [action, object, place] = parts(index);
  return `How do I ${action} ${object} in ${place}?`;
}

/** A rewording of the `index`-th stored prompt that the lexical embedder matches (a hit). */
export function rewordedPrompt(index: number): string {
  const [action, object, place] = parts(index);
  return `how can i ${action} ${object} in ${place}`;
}

/** A prompt like the `index`-th stored one about a place never stored (a miss). */
export function unstoredPrompt(index: number): string {
  const [action, object] = parts(index);
  return `How do I ${action} ${object} in ${UNSTORED_PLACES[index % UNSTORED_PLACES.length]}?`;
}
