// Completes the package.json that NxAppWebpackPlugin generates next to an app bundle, so that
// `npm install --omit=dev` in dist/apps/<app> gives a runnable app: packages loaded at run time without a static
// import (the mysql2 driver TypeORM loads, tslib helpers), and the root `overrides` (typeorm accepts ioredis 6).
const { readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = require('../../package.json');
const RUNTIME_ONLY = ['mysql2', 'tslib'];

class RuntimeManifestPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('RuntimeManifestPlugin', () => {
      const out = compiler.options.output.path;
      const file = join(out, 'package.json');
      if (!existsSync(file)) return;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      for (const name of RUNTIME_ONLY) pkg.dependencies[name] = root.dependencies[name];
      pkg.overrides = root.overrides;
      pkg.engines = root.engines;
      writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
      // The generated lockfile predates these additions; npm writes a consistent one on install.
      rmSync(join(out, 'package-lock.json'), { force: true });
    });
  }
}

module.exports = { RuntimeManifestPlugin };
