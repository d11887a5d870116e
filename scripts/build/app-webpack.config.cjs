// The webpack config every app shares: bundles the app and its workspace libs into dist/apps/<app>/main.js; npm
// packages stay external (NestJS 12's ES modules are loaded with require(esm), Node >= 20.19).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');
const { RuntimeManifestPlugin } = require('./runtime-manifest.plugin.cjs');

/** Webpack config of the app whose project folder is `appDir`. */
function appWebpackConfig(appDir) {
  const name = appDir.split(/[\\/]/).pop();
  return {
    output: { path: join(__dirname, '../../dist/apps', name) },
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
}

module.exports = { appWebpackConfig };
