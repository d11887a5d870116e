// Bundles the service and its workspace libs into dist/apps/cache-warmer/main.js; npm packages stay external
// (NestJS 12's ES modules are loaded with require(esm), Node >= 20.19).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');
const { RuntimeManifestPlugin } = require('../../scripts/build/runtime-manifest.plugin.cjs');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/cache-warmer') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    new RuntimeManifestPlugin(),
  ],
};
