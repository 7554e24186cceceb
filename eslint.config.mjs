// Lint rules that guard correctness, not taste: floating promises are bugs everywhere, and workflow
// code must stay deterministic (no Node built-ins, no provider or activity values).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', 'tools/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.test.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A provider's descriptor is pure data that workflows read: it imports nothing but types.
    files: ['src/providers/*/descriptor.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['*', '**'], allowTypeImports: true, message: 'A descriptor is pure data: type imports only.' }],
      }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins.' })),
        patterns: [
          { group: ['**/providers/**', '**/sandbox/**', '**/cli/**'], message: 'Workflows may not import providers, sandbox or CLI code.' },
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Workflows import activity types only.' },
        ],
      }],
    },
  },
);
