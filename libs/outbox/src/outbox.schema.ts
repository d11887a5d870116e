import { CreateEventOutbox1763700001000 } from './1763700001000-create-event-outbox.migration';
import { OUTBOX_TABLE, OutboxEntity } from './outbox.entity';

/**
 * Entities and migrations a service adds to its data source to use the outbox; the query counter counts the
 * outbox's statements as `outbox`.
 */
export const OUTBOX_SCHEMA = {
  entities: [OutboxEntity],
  migrations: [CreateEventOutbox1763700001000],
  statementKinds: { [OUTBOX_TABLE]: 'outbox' },
};
