import nx from '@nx/eslint-plugin';

/**
 * The layers, by `type:` tag, lowest first, each with the layers it may import besides `util`: util < contract (an
 * entity type's definition) < data-access (cache, db, an entity's rows) < messaging (the change-event contract and
 * transport) < outbox (the transactional outbox, on MySQL) < http-shell (platform: every app's HTTP edge, no
 * database) < entity-shell (entity-api: an entity service's app, reads and writes) < feature (an entity's API, the
 * warmer) < app. Features never import each other; the HTTP shell never imports the outbox. Test-only projects (the
 * offline deployment checks, the fleet and container tests) may read any lib.
 */
const EVERY_LIB_LAYER = [
  'feature',
  'entity-shell',
  'http-shell',
  'outbox',
  'messaging',
  'data-access',
  'contract',
];
const LAYERS = {
  util: [],
  contract: ['contract'],
  'data-access': ['data-access', 'contract'],
  messaging: ['data-access'],
  outbox: ['messaging', 'data-access'],
  'http-shell': ['messaging', 'data-access', 'contract'],
  'entity-shell': ['http-shell', 'outbox', 'messaging', 'data-access', 'contract'],
  feature: ['entity-shell', 'http-shell', 'outbox', 'messaging', 'data-access', 'contract'],
  app: EVERY_LIB_LAYER,
  test: EVERY_LIB_LAYER,
};
const LAYER_CONSTRAINTS = Object.entries(LAYERS).map(([layer, imports]) => ({
  sourceTag: `type:${layer}`,
  onlyDependOnLibsWithTags: [...imports, 'util'].map((name) => `type:${name}`),
}));

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
            ...LAYER_CONSTRAINTS,
            // The database stays out of what the cache-warmer bundles: neither the HTTP shell, nor the events, nor
            // the warmer reaches MySQL, even through another lib (checked on the whole dependency tree).
            { sourceTag: 'type:http-shell', notDependOnLibsWithTags: ['store:mysql'] },
            { sourceTag: 'type:messaging', notDependOnLibsWithTags: ['store:mysql'] },
            { sourceTag: 'scope:warmer', notDependOnLibsWithTags: ['store:mysql'] },
            { sourceTag: 'scope:user', onlyDependOnLibsWithTags: ['scope:user', 'scope:shared'] },
            { sourceTag: 'scope:product', onlyDependOnLibsWithTags: ['scope:product', 'scope:shared'] },
            { sourceTag: 'scope:warmer', onlyDependOnLibsWithTags: ['scope:warmer', 'scope:shared'] },
            { sourceTag: 'scope:monitor', notDependOnLibsWithTags: ['store:mysql'] },
            { sourceTag: 'scope:monitor', onlyDependOnLibsWithTags: ['scope:monitor', 'scope:shared'] },
            { sourceTag: 'scope:assistant', notDependOnLibsWithTags: ['store:mysql'] },
            { sourceTag: 'scope:assistant', onlyDependOnLibsWithTags: ['scope:assistant', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The fleet (its list of entity types, the cache-warmer app, the fleet-wide tests) sees every scope.
            {
              sourceTag: 'scope:fleet',
              onlyDependOnLibsWithTags: [
                'scope:fleet',
                'scope:user',
                'scope:product',
                'scope:warmer',
                'scope:monitor',
                'scope:assistant',
                'scope:shared',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 250, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 40, skipBlankLines: true, skipComments: true }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the typed config, not process.env.',
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      'tools/container-e2e/src/support/**/*.ts',
      '**/test/**/*.ts',
      '**/testing.ts',
      '**/testing/**/*.ts',
      '**/*.config.ts',
      '**/main.ts',
      '**/*.env.ts',
    ],
    rules: { 'no-restricted-properties': 'off', 'max-lines-per-function': 'off' },
  },
];
