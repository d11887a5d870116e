/** Unit tests of product-feature: fast, no servers. */
module.exports = {
  displayName: 'product-feature',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/product/feature',
};
