/** End-to-end tests of product-service over real HTTP against the local stack (Redis Cluster, MariaDB). */
module.exports = {
  displayName: 'product-service:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
