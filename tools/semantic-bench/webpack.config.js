const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

// The semantic cache's benchmark tool: one bundle, dist/tools/semantic-bench/main.js, with the workspace libs inside
// and the npm packages (usearch, onnxruntime-node, ioredis…) loaded from the workspace's node_modules. Never shipped,
// so no package manifest beside it.
module.exports = {
  output: { path: join(__dirname, '../../dist/tools/semantic-bench') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
