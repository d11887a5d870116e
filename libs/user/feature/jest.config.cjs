/** Unit tests of user-feature: fast, no servers. */
module.exports = {
  displayName: 'user-feature',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/user/feature',
};
