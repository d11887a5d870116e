const { appWebpackConfig } = require('../../build/app-webpack.config.cjs');

module.exports = appWebpackConfig(__dirname);
