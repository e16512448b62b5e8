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
    // The desktop core is plain Node: no Electron, no UI, no shell code (it is tested without them).
    files: ['apps/desktop/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            { group: ['electron', 'react', 'react-dom'], message: 'src/core is plain Node: no Electron or UI.' },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/web-host/**'],
              message: 'src/core imports no shell or UI code; they import the core.',
            },
          ],
        },
      ],
    },
  },
  {
    // The API contract is imported by the renderer: zod and @oa/shared only.
    files: ['apps/desktop/src/api-contract/**/*.ts'],
    ignores: ['apps/desktop/src/api-contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            noNode,
            { group: ['electron', 'better-sqlite3', 'yjs'], message: 'The API contract must stay renderer-safe.' },
            {
              group: ['**/core/**', '**/main/**', '**/preload/**', '**/web-host/**'],
              message: 'The API contract imports no app code.',
            },
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
