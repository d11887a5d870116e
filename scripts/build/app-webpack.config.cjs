// The webpack config every app shares: bundles the app and its workspace libs into dist/apps/<app>/main.js; npm
// packages stay external (NestJS 12's ES modules are loaded with require(esm), Node >= 20.19). Next to the bundle,
// Nx writes a package.json of the packages the bundle needs and a package-lock.json pruned from the root lockfile
// to exactly those packages, so the image installs them with `npm ci --omit=dev` at the versions tested here.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');
const { RuntimeManifestPlugin } = require('./runtime-manifest.plugin.cjs');

/** The database packages: what an app without a database leaves out of its manifest. */
const DATABASE_PACKAGES = ['typeorm', '@nestjs/typeorm', 'mysql2'];

/**
 * The monitor dashboard's files, which the bundle reads at run time instead of importing: its page, script and
 * style (libs/monitor/src/dashboard/web) and Chart.js's browser bundle from the installed chart.js package, all
 * copied to dist/apps/<app>/dashboard/, where @fleetcache/monitor's DashboardAssets look first (the image copies the
 * whole dist/apps/<app> folder). Paths are from the workspace root.
 */
const DASHBOARD_ASSETS = [
  { input: 'libs/monitor/src/dashboard/web', glob: '*.{html,js,css,svg}', output: 'dashboard' },
  { input: 'node_modules/chart.js/dist', glob: 'chart.umd.js', output: 'dashboard' },
];

/**
 * Webpack config of the app whose project folder is `appDir`. `options.database: false` (the cache-warmer, which has
 * no database): the manifest leaves out the mysql2 driver and the TypeORM packages that @nestjs/terminus lists as
 * optional peers, which the bundle never loads (tools/fleet-tests checks the bundle requires none of them).
 * `options.dashboard: true` (the cache-monitor): the monitor dashboard's files are copied beside the bundle.
 */
function appWebpackConfig(appDir, options = { database: true }) {
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
        // Loaded at run time without a static import, so the import graph misses them: the mysql2 driver that
        // TypeORM requires by name and the tslib helpers. Listed here (not added afterwards) so that the pruned
        // lockfile holds them too.
        runtimeDependencies: options.database ? ['mysql2', 'tslib'] : ['tslib'],
        assets: options.dashboard ? DASHBOARD_ASSETS : [],
        sourceMap: true,
      }),
      new RuntimeManifestPlugin({ omit: options.database ? [] : DATABASE_PACKAGES }),
    ],
  };
}

module.exports = { appWebpackConfig };
