import { isInternalOnlyRoute } from './internal-port';

describe('isInternalOnlyRoute', () => {
  it.each([
    '/metrics',
    '/internal/events',
    '/alarms',
    '/alarms/:name',
    '/dashboard',
    '/dashboard/assets/:file',
    '/dashboard/api/snapshot',
  ])('keeps %s on the internal port', (route) => {
    expect(isInternalOnlyRoute(route)).toBe(true);
  });

  it.each([
    '/users/:id',
    '/products/trending',
    '/docs',
    '/health/live',
    '/dashboards',
    '/alarmsx',
    '/metrics2',
  ])('serves %s on the public port', (route) => {
    expect(isInternalOnlyRoute(route)).toBe(false);
  });

  it('treats an unmatched request (no route) as public: a 404 on either port', () => {
    expect(isInternalOnlyRoute(undefined)).toBe(false);
  });
});
