// Shared Jest preset: SWC compiles TypeScript (with decorator metadata for Nest DI) and the ES-module-only
// packages of NestJS 12 and friends, which Jest on Node 20 cannot load natively.
const path = require('node:path');

const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const swcJs = {
  jsc: { parser: { syntax: 'ecmascript', importMeta: true }, target: 'es2022' },
  module: { type: 'commonjs' },
};

// ESM-only packages that must be transformed; the `(?:.*/node_modules/)?` part also matches copies nested
// inside another package's node_modules.
const esmPackages = [
  '@nestjs',
  '@borewit',
  '@tokenizer',
  'content-disposition',
  'cookie',
  '@fastify/cookie',
  'file-type',
  'set-cookie-parser',
  'strtok3',
  'toad-cache',
  'token-types',
  'uint8array-extras',
];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcTs],
    '^.+\\.m?js$': ['@swc/jest', swcJs],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:.*/node_modules/)?(?:${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: tsconfigPathsToModuleNameMapper(),
  coverageReporters: ['text-summary', 'lcov'],
  reporters: ['default', path.join(__dirname, 'scripts', 'test', 'results-reporter.cjs')],
  // CI never reuses transform results from an earlier run.
  cache: process.env.CI !== 'true',
};

/** Maps the workspace's tsconfig path aliases (@fleetcache/*) to their source files. */
function tsconfigPathsToModuleNameMapper() {
  const base = require('./tsconfig.base.json');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(base.compilerOptions.paths)) {
    mapper[`^${alias.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')}$`] = path.join(__dirname, target);
  }
  return mapper;
}
