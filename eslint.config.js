// One flat config for the whole workspace. Type-aware rules (projectService) so that promise
// mistakes — the classic bug in Kafka and async code — fail lint, plus the import boundaries the
// architecture depends on (see docs/CONVENTIONS.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const SUBGRAPHS = ['badge', 'rule', 'benefit', 'user'];
const PRISMA_ONLY_IN_REPOSITORIES = {
  group: ['@badge/db', '@badge/db/*', '@prisma/client', '@prisma/client/*'],
  message: 'Only repository files (*.repository.ts) may use the Prisma client.',
};
const noOtherSubgraph = (name) => ({
  group: SUBGRAPHS.filter((o) => o !== name).flatMap((o) => [
    `@badge/subgraph-${o}`,
    `@badge/subgraph-${o}/*`,
    `**/subgraphs/${o}/**`,
    `../../${o}/**`,
  ]),
  message: 'Subgraphs never import each other: use federation entities or Kafka events.',
});
const PRISMA_FILES = [
  '**/*.repository.ts',
  '**/src/db.ts',
  'prisma/**/*.ts',
  '**/*.int.test.ts',
  '**/test/**/*.ts',
  'packages/testing/**/*.ts',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/generated/**',
      '**/gen/**',
      '**/*.cjs',
      '**/next-env.d.ts',
      'prisma/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in the environment.ts of this deployable only.',
        },
      ],
      'no-restricted-imports': ['error', { patterns: [PRISMA_ONLY_IN_REPOSITORIES] }],
    },
  },
  // The places allowed to touch Prisma: repositories, the db wiring of each deployable, the db
  // package itself, and integration-test fixtures.
  { files: PRISMA_FILES, rules: { 'no-restricted-imports': 'off' } },
  // Subgraphs never import each other (federation entities and Kafka events only), repositories
  // included.
  ...SUBGRAPHS.flatMap((name) => [
    {
      files: [`subgraphs/${name}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [PRISMA_ONLY_IN_REPOSITORIES, noOtherSubgraph(name)] },
        ],
      },
    },
    {
      files: PRISMA_FILES.map((f) => `subgraphs/${name}/${f.replace(/^\*\*\//, '**/')}`),
      rules: { 'no-restricted-imports': ['error', { patterns: [noOtherSubgraph(name)] }] },
    },
  ]),
  // The only readers of process.env: each deployable's environment module, and tool configs.
  {
    files: [
      '**/environment.ts',
      '**/*.config.ts',
      '**/*.config.js',
      '**/*.config.mjs',
      'scripts/**',
      'packages/devstack/**',
      'packages/testing/**',
      '**/test/global-setup.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
