import { parseReplayPage } from './source-client';

const event = { id: 'e1', type: 'user.updated', entity: 'user', entityId: 1, version: 2 };

describe('parseReplayPage', () => {
  it('keeps the well-formed entries and drops the others', () => {
    const page = parseReplayPage(
      {
        events: [{ position: 5, event }, null, { position: -1, event }, { position: 6 }, 'x'],
        next: 6,
        head: 9,
      },
      4,
    );
    expect(page).toEqual({ events: [{ position: 5, event }], next: 6, head: 9 });
  });

  it.each([
    null,
    'text',
    { events: 'x', next: 1, head: 1 },
    { events: [], next: -1, head: 1 },
    { events: [] },
  ])('refuses a body of another shape: %j', (body) => {
    expect(() => parseReplayPage(body, 4)).toThrow(/malformed replay page after 4/);
  });
});
