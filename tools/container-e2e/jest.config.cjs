/**
 * Container tests: real images and containers on a Docker engine (scripts/containers/). The global setup starts
 * the engine when none answers and builds the base images; the global teardown stops an engine it started.
 */
module.exports = {
  displayName: 'container-e2e',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 120_000,
};
