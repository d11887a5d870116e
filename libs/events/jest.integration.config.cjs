/** Integration tests of events against the real local stack (Redis Cluster, MariaDB). */
module.exports = {
  displayName: 'events:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
