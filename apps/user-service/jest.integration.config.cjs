/** End-to-end tests of user-service over real HTTP against the local stack (Redis Cluster, MariaDB). */
module.exports = {
  displayName: 'user-service:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
