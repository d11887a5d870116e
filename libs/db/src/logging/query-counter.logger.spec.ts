import { statementKind } from './query-counter.logger';

describe('statementKind', () => {
  it.each([
    ['SELECT `u`.`id` FROM `users` `u`', 'select'],
    ['  update users SET version = version + 1', 'update'],
    ['INSERT INTO `event_outbox`(`source`) VALUES (?)', 'outbox'],
    ['SELECT id, payload FROM event_outbox WHERE source = ? FOR UPDATE SKIP LOCKED', 'outbox'],
    ['START TRANSACTION', 'other'],
  ])('%s → %s', (query, kind) => {
    expect(statementKind(query, { event_outbox: 'outbox' })).toBe(kind);
  });
});

describe('statementKind without table kinds', () => {
  it('classifies by first keyword only', () => {
    expect(statementKind('INSERT INTO `event_outbox`(`source`) VALUES (?)')).toBe('insert');
  });
});
