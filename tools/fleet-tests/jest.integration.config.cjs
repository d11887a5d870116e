/** The fleet's tests: the built bundles, both services and the cache-warmer over real HTTP against the local stack (Redis Cluster, MariaDB). */
module.exports = {
  displayName: 'fleet-tests:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 60000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
