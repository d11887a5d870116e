/** Unit tests of product-data-access: fast, no servers. */
module.exports = {
  displayName: 'product-data-access',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/product/data-access',
};
