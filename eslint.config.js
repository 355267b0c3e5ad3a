// One flat config for the whole workspace. Typed rules everywhere; the boundary rules make the
// architecture enforceable: plugins see only the public entries of @ccproxy/core and @ccproxy/formats.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pluginBoundaries = [
  { group: ['@ccproxy/core/*', '!@ccproxy/core/testing'], message: 'Use the public entry "@ccproxy/core".' },
  { group: ['@ccproxy/formats/*'], message: 'Use the public entry "@ccproxy/formats".' },
  { group: ['@ccproxy/plugin-*'], message: 'Plugins talk through core events and capabilities, never to each other.' },
  { group: ['koa', 'koa/*', '@koa/*', 'got', 'got/*', 'undici', 'undici/*'], message: 'The HTTP server and client belong to core and the app; use the plugin context.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.tools/**', '**/coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bench/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/core/src/**/*.ts', 'packages/formats/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['koa', 'koa/*', '@koa/*'], message: 'Core and formats stay server-agnostic; Koa lives in apps/server.' },
        { group: ['@ccproxy/plugin-*'], message: 'Core never depends on a plugin.' },
      ] }],
    },
  },
  {
    files: ['packages/formats/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:fs', 'node:net', 'node:http', 'node:https', 'got', '@ccproxy/*'], message: '@ccproxy/formats is pure conversion: no I/O and no workspace dependencies.' },
      ] }],
    },
  },
  {
    files: ['plugins/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pluginBoundaries }] },
  },
);
