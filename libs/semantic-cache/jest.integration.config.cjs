/** Integration tests of semantic-cache: against the real local stack (Redis Cluster) and local fake servers. */
module.exports = {
  displayName: 'semantic-cache:integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
