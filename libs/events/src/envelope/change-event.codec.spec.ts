import { createChangeEvent, InvalidEventError, parseChangeEvent } from './change-event.codec';

describe('change event codec', () => {
  const event = createChangeEvent({
    entity: 'user',
    action: 'updated',
    entityId: 42,
    version: 3,
    source: 'user-service',
    data: { id: 42 },
  });

  it('round-trips a valid event', () => {
    expect(event).toMatchObject({
      specVersion: 1,
      type: 'user.updated',
      entity: 'user',
      entityId: 42,
      version: 3,
      data: { id: 42 },
    });
    expect(parseChangeEvent(JSON.stringify(event))).toEqual(event);
  });

  it('drops data on deletes', () => {
    expect(
      createChangeEvent({
        entity: 'product',
        action: 'deleted',
        entityId: 1,
        version: 2,
        source: 's',
        data: { x: 1 },
      }).data,
    ).toBeUndefined();
  });

  it.each([
    ['not json', '{', /not valid JSON/],
    ['an array', '[]', /not an object/],
    ['a wrong spec version', JSON.stringify({ ...event, specVersion: 2 }), /specVersion/],
    [
      'an unknown entity',
      JSON.stringify({ ...event, entity: 'order', type: 'order.updated' }),
      /entity must be/,
    ],
    ['a mismatched type', JSON.stringify({ ...event, type: 'product.updated' }), /type must be/],
    ['an unknown action', JSON.stringify({ ...event, type: 'user.touched' }), /type must be/],
    ['a negative version', JSON.stringify({ ...event, version: -1 }), /version must be/],
    ['a string id', JSON.stringify({ ...event, entityId: '42' }), /entityId/],
    ['no data on update', JSON.stringify({ ...event, data: undefined }), /data must be an object/],
    ['a bad date', JSON.stringify({ ...event, occurredAt: 'yesterday' }), /occurredAt/],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseChangeEvent(raw)).toThrow(InvalidEventError);
    expect(() => parseChangeEvent(raw)).toThrow(message);
  });
});
