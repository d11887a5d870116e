import {
  createChangeEvent,
  InvalidEventError,
  MAX_EVENT_VERSION,
  parseChangeEvent,
  validateChangeEvent,
} from './change-event.codec';

describe('change event codec', () => {
  const event = createChangeEvent({
    entity: 'user',
    action: 'updated',
    entityId: 42,
    version: 3,
    source: 'user-service',
    data: { id: 42 },
  });
  const deleted = createChangeEvent({
    entity: 'user',
    action: 'deleted',
    entityId: 42,
    version: 4,
    source: 'user-service',
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
      'an entity that is no entity type name',
      JSON.stringify({ ...event, entity: 'Order!', type: 'Order!.updated' }),
      /entity must be an entity type name/,
    ],
    ['a mismatched type', JSON.stringify({ ...event, type: 'product.updated' }), /type must be/],
    ['an unknown action', JSON.stringify({ ...event, type: 'user.touched' }), /type must be/],
    ['a negative version', JSON.stringify({ ...event, version: -1 }), /version must be/],
    ['a string id', JSON.stringify({ ...event, entityId: '42' }), /entityId/],
    ['no data on update', JSON.stringify({ ...event, data: undefined }), /data must be an object/],
    ['a bad date', JSON.stringify({ ...event, occurredAt: 'yesterday' }), /occurredAt/],
    [
      'entityId 0',
      JSON.stringify({ ...event, entityId: 0, data: { id: 0 } }),
      /entityId must be an integer from 1 to 2147483647/,
    ],
    [
      'entityId over INT',
      JSON.stringify({ ...event, entityId: 2 ** 31, data: { id: 2 ** 31 } }),
      /entityId must be/,
    ],
    [
      'a fractional entityId',
      JSON.stringify({ ...event, entityId: 4.5, data: { id: 4.5 } }),
      /entityId must be/,
    ],
    [
      'entityId beyond safe integers',
      JSON.stringify(event).replace(/"(entityId|id)":42/g, '"$1":9007199254740993'),
      /entityId must be/,
    ],
    [
      'version 0',
      JSON.stringify({ ...event, version: 0 }),
      /version must be an integer from 1 to 2147483647/,
    ],
    [
      'a version over INT',
      JSON.stringify({ ...event, version: 2 ** 31 }),
      /version must be an integer from 1 to 2147483647/,
    ],
    ['a string version', JSON.stringify({ ...event, version: '3' }), /version must be/],
    [
      'a created event past version 1',
      JSON.stringify({ ...event, type: 'user.created', version: 2 }),
      /created event must be 1/,
    ],
    ['data of another id', JSON.stringify({ ...event, data: { id: 43 } }), /data.id must equal entityId/],
    ['data without id', JSON.stringify({ ...event, data: { name: 'x' } }), /data.id must equal entityId/],
    [
      'data with a string id',
      JSON.stringify({ ...event, data: { id: '42' } }),
      /data.id must equal entityId/,
    ],
    [
      'data of another version',
      JSON.stringify({ ...event, data: { id: 42, version: 9 } }),
      /data.version must equal version/,
    ],
    ['data that is an array', JSON.stringify({ ...event, data: [42] }), /data must be an object/],
    ['data on a delete', JSON.stringify({ ...deleted, data: { id: 42 } }), /data must be absent for deleted/],
    [
      'a deletion past INT + 1',
      JSON.stringify({ ...deleted, version: 2 ** 31 + 1 }),
      /version must be an integer from 1 to 2147483648/,
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseChangeEvent(raw)).toThrow(InvalidEventError);
    expect(() => parseChangeEvent(raw)).toThrow(message);
  });

  it('accepts the edges: ids and versions up to INT, a deletion one version past it, data.version absent', () => {
    const top = { ...event, entityId: MAX_EVENT_VERSION, version: MAX_EVENT_VERSION };
    expect(validateChangeEvent({ ...top, data: { id: MAX_EVENT_VERSION } })).toMatchObject({
      version: 2 ** 31 - 1,
    });
    expect(validateChangeEvent({ ...deleted, version: 2 ** 31 })).toMatchObject({ version: 2 ** 31 });
    expect(
      validateChangeEvent({ ...event, type: 'product.created', entity: 'product', version: 1 }),
    ).toBeTruthy();
  });

  it('lists every problem of an event in one error', () => {
    expect(() => validateChangeEvent({ ...event, entityId: -1, version: 0, data: { id: 7 } })).toThrow(
      /entityId must be .*; version must be .*; data.id must equal entityId/,
    );
    expect(() => validateChangeEvent(null)).toThrow(/not an object/);
  });
});
