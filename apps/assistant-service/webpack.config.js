const { appWebpackConfig } = require('../../scripts/build/app-webpack.config.cjs');

// The assistant-service holds no database credentials and bundles no database code (its state is in Redis).
module.exports = appWebpackConfig(__dirname, { database: false });
