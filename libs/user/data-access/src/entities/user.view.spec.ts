import { toUserView } from './user.view';
import type { UserEntity } from './user.entity';

describe('toUserView', () => {
  it('keeps the documented field order and ISO timestamps', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const row: UserEntity = {
      version: 3,
      city: null,
      age: 28,
      email: 'kim@example.com',
      emailNormalized: 'kim@example.com',
      name: 'Kim',
      id: 1,
      createdAt: at,
      updatedAt: at,
    };
    expect(JSON.stringify(toUserView(row))).toBe(
      '{"id":1,"name":"Kim","email":"kim@example.com","age":28,"city":null,"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z","version":3}',
    );
  });
});
