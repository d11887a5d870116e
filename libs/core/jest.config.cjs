/** Unit tests of core: fast, no servers. */
module.exports = {
  displayName: 'core',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/core',
};
