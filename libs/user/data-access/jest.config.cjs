/** Unit tests of user-data-access: fast, no servers. */
module.exports = {
  displayName: 'user-data-access',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/user/data-access',
};
