import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import imlab from './eslint/plugin.js';

/**
 * The layers (docs/architecture.md): src/core imports only itself; src/worker and src/persist import
 * only src/core and themselves; src/ui and src/learn sit on top. Relative specifiers only, so a folder
 * reached by `../` segments names the layer it lives in.
 */
const up = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const layer = (message, folders, packages = []) => [
  'error',
  {
    patterns: [{ regex: up(...folders), message }],
    paths: packages.map((name) => ({ name, message })),
  },
];
const UI_PACKAGES = ['react', 'react-dom', 'react-dom/client', 'zustand', 'recharts'];

export default tseslint.config(
  // wasm/ is AssemblyScript (decorators, v128 types): asc type-checks it when it compiles.
  { ignores: ['wasm/**', 'dist', 'node_modules', 'test-results', 'playwright-report', 'public', '.bench-out', 'tests/lint-fixtures'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, imlab },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'imlab/no-cycle': 'error' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        'src/core imports only src/core (it runs in Node, the workers and the tests).',
        ['ui', 'learn', 'worker', 'persist', 'bench', 'e2e', 'scripts', 'main', 'Root'],
        [...UI_PACKAGES, 'comlink', 'idb'],
      ),
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        'src/worker imports only src/core and itself.',
        ['ui', 'learn', 'persist', 'main', 'Root'],
        UI_PACKAGES,
      ),
    },
  },
  {
    files: ['src/persist/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        'src/persist imports only src/core and itself.',
        ['ui', 'learn', 'worker', 'main', 'Root'],
        UI_PACKAGES,
      ),
    },
  },
);
