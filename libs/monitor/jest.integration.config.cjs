/** Integration tests of monitor: against the real local stack (Redis Cluster, Memcached), and the dashboard in Chromium. */
module.exports = {
  displayName: 'monitor:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
