/** Unit tests of events: fast, no servers. */
module.exports = {
  displayName: 'events',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/events',
};
