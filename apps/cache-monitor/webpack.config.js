const { appWebpackConfig } = require('../../scripts/build/app-webpack.config.cjs');

// The cache-monitor holds no database credentials and bundles no database code; the dashboard's files are copied beside it.
module.exports = appWebpackConfig(__dirname, { database: false, dashboard: true });
