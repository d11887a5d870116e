/** Unit tests of product-service: fast, no servers. */
module.exports = {
  displayName: 'product-service',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/product-service',
};
