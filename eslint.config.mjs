import nx from '@nx/eslint-plugin';

/** Workspace ESLint config: Nx TypeScript rules plus enforced module boundaries by scope and type tags. */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.stack', '**/coverage', '**/tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // By type, each layer imports only the layers below it: util < data-access (cache, db, entities) <
            // messaging (change events, transport, outbox) < http-shell (platform) < entity-shell (entity-api)
            // < feature (an entity's API, the warmer) < app. Features never import each other.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:entity-shell', 'type:http-shell', 'type:messaging', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:entity-shell', 'type:http-shell', 'type:messaging', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:entity-shell', onlyDependOnLibsWithTags: ['type:http-shell', 'type:messaging', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:http-shell', onlyDependOnLibsWithTags: ['type:messaging', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            // Test-only projects (the offline deployment checks, the container tests) may read any lib.
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:feature', 'type:entity-shell', 'type:http-shell', 'type:messaging', 'type:data-access', 'type:util'] },
            { sourceTag: 'scope:user', onlyDependOnLibsWithTags: ['scope:user', 'scope:shared'] },
            { sourceTag: 'scope:product', onlyDependOnLibsWithTags: ['scope:product', 'scope:shared'] },
            { sourceTag: 'scope:warmer', onlyDependOnLibsWithTags: ['scope:warmer', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The cache-warmer app and the fleet-wide tests see every scope.
            { sourceTag: 'scope:fleet', onlyDependOnLibsWithTags: ['scope:user', 'scope:product', 'scope:warmer', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 250, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 40, skipBlankLines: true, skipComments: true }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the typed config, not process.env.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'tools/container-e2e/src/support/**/*.ts', '**/test/**/*.ts', '**/testing.ts', '**/testing/**/*.ts', '**/*.config.ts', '**/main.ts', '**/*.env.ts'],
    rules: { 'no-restricted-properties': 'off', 'max-lines-per-function': 'off' },
  },
];
