/** Unit tests of monitor: fast, no servers. */
module.exports = {
  displayName: 'monitor',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/monitor',
};
