import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): which of our packages each part may never import. A lib never
 * imports an app or a script; domain is pure; event-store sits below platform; platform below
 * projections and workflow; scheduling above workflow; simulation at the top; the api and the worker
 * never import each other, and the api never the simulation. `eslint-layers.spec.ts` proves each rule
 * fails on a deliberately wrong import.
 */
const APPS_AND_SCRIPTS = [
  { group: ['**/apps/**', '**/scripts/**'], message: 'A lib never imports an app or a script.' },
  {
    regex: '^(\\.\\./)+(domain|event-store|platform|projections|workflow|scheduling|simulation)/src/',
    message:
      'Another lib is imported by its #name (#domain-testing for test helpers), never by a relative path.',
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
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'node:fs', 'node:net'],
              message: 'The domain is pure: no framework, no I/O.',
            },
            {
              regex: '^#(event-store|projections|scheduling|platform|workflow|simulation)$',
              message: 'The domain imports nothing else of ours (layer rule).',
            },
            ...APPS_AND_SCRIPTS,
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain never reads the clock: take time from the command.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain never reads the clock: take time from the command.',
        },
      ],
    },
  },
  ...LAYER_RULES.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
