#!/usr/bin/env node
// Offline check of an npm lockfile (lockfileVersion 2 or 3): the part of the supply-chain check that needs no
// registry, so it runs where the registry refuses audit requests too. Usage:
//   node scripts/supply-chain/check-lockfile.mjs [dir]    (dir holds package.json and package-lock.json; default .)
// It fails (exit 1, one line per problem) unless
//   - the lockfile's root entry lists the same dependencies, at the same specs, as package.json (what `npm ci`
//     needs to install exactly the lockfile);
//   - every package comes from the npm registry by name and exact version: no git, http, file or other tarball
//     URL, and a `resolved` address, when the lockfile records one, is the registry's own tarball of that version;
//   - every package has a sha512 `integrity`, which npm checks the downloaded tarball against;
//   - every entry lies inside node_modules, or is a link or folder inside the repository (a workspace).
// What it cannot tell offline: whether a version has a published vulnerability (`npm audit` asks the registry).
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REGISTRY = 'https://registry.npmjs.org/';
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const SHA512 = /(?:^|\s)sha512-[A-Za-z0-9+/]{86}==(?:\s|$)/;

/** True when a path relative to the lockfile's folder stays inside it. */
function inside(path) {
  return !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
}

/** The problems of a parsed lockfile against its package.json; empty when it passes. */
export function lockfileProblems(lock, pkg) {
  if (!lock || typeof lock.packages !== 'object' || !(lock.lockfileVersion >= 2)) {
    return ['lockfileVersion 2 or 3 with a `packages` section expected (npm 7 or later writes one)'];
  }
  const problems = [];
  const root = lock.packages[''] ?? {};
  for (const field of DEPENDENCY_FIELDS) {
    const wanted = pkg[field] ?? {};
    const locked = root[field] ?? {};
    for (const name of new Set([...Object.keys(wanted), ...Object.keys(locked)])) {
      if (wanted[name] !== locked[name]) {
        problems.push(
          `${field}.${name}: package.json has ${wanted[name] ?? 'nothing'}, the lockfile ${locked[name] ?? 'nothing'}`,
        );
      }
    }
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue;
    if (!inside(path)) {
      problems.push(`${path}: outside the repository`);
      continue;
    }
    if (entry.link) {
      if (typeof entry.resolved !== 'string' || !inside(entry.resolved)) {
        problems.push(`${path}: links to ${entry.resolved}, outside the repository`);
      }
      continue;
    }
    const at = path.lastIndexOf('node_modules/');
    if (at < 0) continue; // a workspace folder of this repository, installed from its own sources
    // Bundled dependencies arrive inside their parent's tarball, which the parent's integrity covers.
    if (entry.inBundle) continue;
    const name = entry.name ?? path.slice(at + 'node_modules/'.length);
    const { version, resolved, integrity } = entry;
    if (typeof version !== 'string' || !EXACT_VERSION.test(version)) {
      problems.push(`${path}: version ${version} is not an exact registry version`);
      continue;
    }
    const tarball = `${REGISTRY}${name}/-/${name.split('/').pop()}-${version}.tgz`;
    if (resolved !== undefined && resolved !== tarball) {
      problems.push(`${path}: resolved from ${resolved}, not the registry's ${tarball}`);
    }
    if (typeof integrity !== 'string' || !SHA512.test(integrity)) {
      problems.push(`${path}: no sha512 integrity (${integrity ?? 'none'})`);
    }
  }
  return problems;
}

/** Checks dir/package-lock.json against dir/package.json; returns the process exit code. */
export function main(dir = '.') {
  const read = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const lock = read('package-lock.json');
  const problems = lockfileProblems(lock, read('package.json'));
  const where = join(resolve(dir), 'package-lock.json');
  if (problems.length) {
    console.error(`${where}: ${problems.length} problem(s)`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  const count = Object.keys(lock.packages).length - 1;
  console.log(
    `${where}: ${count} packages, each from ${REGISTRY} by exact version with a sha512 integrity; in step with package.json`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv[2]);
