/** Unit tests of the outbox: fast, no servers. */
module.exports = {
  displayName: 'outbox',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/outbox',
};
