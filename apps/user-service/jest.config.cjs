/** Unit tests of user-service: fast, no servers. */
module.exports = {
  displayName: 'user-service',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/user-service',
};
