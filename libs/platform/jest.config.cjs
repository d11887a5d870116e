/** Unit tests of platform: fast, no servers. */
module.exports = {
  displayName: 'platform',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/platform',
};
