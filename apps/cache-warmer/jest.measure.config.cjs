/** Measurements of the event path (not tests: they print figures). Run: npx nx run cache-warmer:measure */
module.exports = {
  displayName: 'cache-warmer:measure',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.measure.ts'],
  testTimeout: 300000,
  globalSetup: '../../scripts/test/require-stack.cjs',
};
