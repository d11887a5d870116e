const { appWebpackConfig } = require('../../scripts/build/app-webpack.config.cjs');

module.exports = appWebpackConfig(__dirname);
