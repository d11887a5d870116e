import { hostPortListProblem } from './host-port-list';

describe('hostPortListProblem', () => {
  it('accepts host:port lists with ports 1-65535', () => {
    expect(hostPortListProblem('127.0.0.1:7020,cache-1.local:11211,h:65535,h:1')).toBeUndefined();
    expect(hostPortListProblem('memcached-config.local:11211', { single: true })).toBeUndefined();
  });

  it.each([
    ['', 'must be host:port'],
    ['h:0', 'outside 1-65535'],
    ['h:99999', 'outside 1-65535'],
    ['h:70000', 'outside 1-65535'],
    ['h', 'not host:port'],
    ['h:11211,', 'not host:port'],
    ['a b:1', 'not host:port'],
    ['[::1]:11211', 'not host:port'],
  ])('refuses %j (%s)', (value, problem) => {
    expect(hostPortListProblem(value)).toContain(problem);
  });

  it('refuses a list where one endpoint is expected', () => {
    expect(hostPortListProblem('a:1,b:2', { single: true })).toContain('one host:port');
  });
});
