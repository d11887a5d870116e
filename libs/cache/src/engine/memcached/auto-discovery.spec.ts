import { parseClusterConfig } from './auto-discovery';

const reply = (body: string) => `CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`;

describe('parseClusterConfig (ElastiCache auto discovery)', () => {
  it('reads the version and the nodes: named by host, reached by IP when given', () => {
    const config = parseClusterConfig(
      reply('12\nnode-1.cache.local|10.0.0.1|11211 node-2.cache.local||11212\n'),
    );
    expect(parseClusterConfig(reply('3\n|10.0.0.9|11211\n')).nodes).toEqual([
      { host: '10.0.0.9', port: 11211 },
    ]);
    expect(config).toEqual({
      version: 12,
      nodes: [
        { host: 'node-1.cache.local', port: 11211, ip: '10.0.0.1' },
        { host: 'node-2.cache.local', port: 11212 },
      ],
    });
  });

  it.each([
    ['an error reply', 'ERROR\r\n'],
    ['no version', reply('\nnode|10.0.0.1|11211\n')],
    ['a version that is no number', reply('v12\nnode|10.0.0.1|11211\n')],
    ['no nodes', reply('12\n\n')],
    ['a bad port', reply('12\nnode|10.0.0.1|99999\n')],
    ['a node without an address', reply('12\n||11211\n')],
    [
      'more than 500 nodes',
      reply(`12\n${Array.from({ length: 501 }, (_, i) => `n${i}||11211`).join(' ')}\n`),
    ],
  ])('refuses %s', (_, text) => {
    expect(() => parseClusterConfig(text)).toThrow();
  });
});
