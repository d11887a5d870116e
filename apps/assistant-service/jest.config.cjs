/** Unit tests of assistant-service: fast, no servers. */
module.exports = {
  displayName: 'assistant-service',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/assistant-service',
};
