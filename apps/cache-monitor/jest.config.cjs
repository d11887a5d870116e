/** Unit tests of cache-monitor: fast, no servers. */
module.exports = {
  displayName: 'cache-monitor',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/cache-monitor',
};
