/** Measurements of the event path (not tests: they print figures). Run: npx nx run fleet-tests:measure */
module.exports = {
  displayName: 'fleet-tests:measure',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.measure.ts'],
  testTimeout: 300000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
