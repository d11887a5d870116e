/** Unit tests of assistant: fast, no servers. */
module.exports = {
  displayName: 'assistant',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/assistant',
};
