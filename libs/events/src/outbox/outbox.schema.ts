import { CreateEventOutbox1763700001000 } from './1763700001000-create-event-outbox.migration';
import { OutboxEntity } from './outbox.entity';

/** Entities and migrations a service adds to its data source to use the outbox. */
export const OUTBOX_SCHEMA = { entities: [OutboxEntity], migrations: [CreateEventOutbox1763700001000] };
