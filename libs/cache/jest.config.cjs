/** Unit tests of cache: fast, no servers. */
module.exports = {
  displayName: 'cache',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/cache',
};
