/** Unit tests of cache-warmer: fast, no servers. */
module.exports = {
  displayName: 'cache-warmer',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/cache-warmer',
};
