// Completes the package.json and package-lock.json that NxAppWebpackPlugin generates next to an app bundle, so
// that `npm ci --omit=dev` in dist/apps/<app> installs the same packages with npm 10 (Node 22 images) and npm 11:
//   - both get the root `overrides`: Nx drops the `typeorm` one because typeorm is also a direct dependency,
//     and without it npm 10 refuses the tree (typeorm's optional peer ioredis@^5 against our ioredis 6);
//   - the lockfile loses the entries that only an optional peer dependency reaches (typescript, yaml,
//     cache-manager...): Nx copies them from the root lockfile, where dev tools installed them, with the flag
//     `devOptional`, which npm 10 installs under --omit=dev (npm 11 and a fresh install leave them out);
//   - package.json gets the root `engines` (NestJS 12 needs require(esm));
//   - the packages in `omit` leave both, with whatever only they reach (an app that never loads them).
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = require('../../package.json');
/** The lockfile flags npm derives from how an entry is reached. */
const FLAGS = ['dev', 'optional', 'devOptional', 'peer'];

/** The lockfile path that a package at `from` gets for `name`: Node's lookup up the node_modules folders. */
function resolveEntry(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at < 0 ? '' : base.slice(0, at);
  }
}

/**
 * The entries reachable from the root through dependencies and required peers, plus optionalDependencies when
 * `withOptional`. Optional peers are never followed: npm installs one only when something else brings it.
 */
function reachable(packages, withOptional) {
  const seen = new Set(['']);
  const queue = [''];
  while (queue.length) {
    const from = queue.shift();
    const entry = packages[from];
    const meta = entry.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !meta[name]?.optional),
      ...(withOptional ? Object.keys(entry.optionalDependencies ?? {}) : []),
    ];
    for (const name of names) {
      const path = resolveEntry(packages, from, name);
      if (path !== undefined && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return seen;
}

/**
 * The lockfile of an app bundle as npm writes one for a project without dev dependencies: the root entry gets
 * `overrides`, entries nothing installs are dropped, required ones carry no flag and the rest `optional: true`.
 */
function pruneLockfile(lock, overrides) {
  const packages = { ...lock.packages, '': { ...lock.packages[''], overrides } };
  const required = reachable(packages, false);
  const kept = reachable(packages, true);
  const result = {};
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '') result[path] = entry;
    else if (kept.has(path)) {
      const flagless = { ...entry };
      for (const flag of FLAGS) delete flagless[flag];
      result[path] = required.has(path) ? flagless : { ...flagless, optional: true };
    }
  }
  return { ...lock, packages: result };
}

/** `dependencies` without the packages `omit` names. */
function withoutPackages(dependencies, omit) {
  return Object.fromEntries(Object.entries(dependencies ?? {}).filter(([name]) => !omit.includes(name)));
}

class RuntimeManifestPlugin {
  /** `options.omit`: packages to leave out of the manifest and the lockfile. */
  constructor(options = {}) {
    this.omit = options.omit ?? [];
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tap('RuntimeManifestPlugin', () => {
      const out = compiler.options.output.path;
      const manifest = join(out, 'package.json');
      const lockfile = join(out, 'package-lock.json');
      if (!existsSync(manifest)) return;
      const write = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      pkg.dependencies = withoutPackages(pkg.dependencies, this.omit);
      write(manifest, { ...pkg, overrides: root.overrides, engines: root.engines });
      if (existsSync(lockfile)) {
        const lock = JSON.parse(readFileSync(lockfile, 'utf8'));
        lock.packages[''].dependencies = withoutPackages(lock.packages[''].dependencies, this.omit);
        write(lockfile, pruneLockfile(lock, root.overrides));
      }
    });
  }
}

module.exports = { RuntimeManifestPlugin, pruneLockfile };
