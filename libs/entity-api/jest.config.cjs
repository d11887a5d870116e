/** Unit tests of entity-api: fast, no servers. */
module.exports = {
  displayName: 'entity-api',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/entity-api',
};
