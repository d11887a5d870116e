/** Unit tests of warmer: fast, no servers. */
module.exports = {
  displayName: 'warmer',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/warmer',
};
