// ESLint flat config. Besides the usual checks it enforces ARCHITECTURE.md's dependency
// direction: shared ← typeset, signature ← apps; packages never import apps; the shared
// package and the renderer use no Node module; nobody deep-imports another package.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeModules = builtinModules.filter((m) => !m.startsWith('_'));
const nodeImportPatterns = ['node:*', ...nodeModules, ...nodeModules.map((m) => `${m}/*`)];

const noDeepImports = {
  group: ['@oa/*/src', '@oa/*/src/*', '@oa/*/src/**'],
  message: 'Import a package through its public entry (src/index.ts), not its files.',
};
const noApps = {
  group: [
    '@oa/desktop',
    '@oa/desktop/*',
    '@oa/exchange-server',
    '@oa/exchange-server/*',
    '@oa/cli',
    '@oa/cli/*',
    '**/apps/**',
  ],
  message: 'Packages never import apps (ARCHITECTURE.md: dependencies point one way).',
};
const noNode = {
  group: nodeImportPatterns,
  message: 'This code also runs in the renderer: no Node-only modules.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.tsbuild/**', '**/dist/**', 'e2e/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**', '**/bin/**', '*.js', '*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [noDeepImports] }],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDeepImports, noApps] }] },
  },
  {
    files: ['packages/shared/**/*.ts'],
    ignores: ['packages/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            noApps,
            noNode,
            { group: ['@oa/typeset', '@oa/signature'], message: 'shared is the root: it imports no other package.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            noNode,
            {
              group: ['electron', '@oa/typeset', '@oa/signature', '@oa/exchange-server', '@oa/cli', 'better-sqlite3'],
              message: 'The renderer talks only to the typed API client and @oa/shared.',
            },
            {
              group: ['**/core/**', '**/main/**', '**/preload/**'],
              message: 'The renderer imports no core, main or preload code.',
            },
          ],
        },
      ],
    },
  },
);
