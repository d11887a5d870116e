/** Unit tests of semantic-cache: fast, no servers. */
module.exports = {
  displayName: 'semantic-cache',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/semantic-cache',
};
