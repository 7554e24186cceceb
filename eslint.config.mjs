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
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins.' })),
        patterns: [
          { group: ['**/providers/**', '**/sandbox/**', '**/cli/**'], message: 'Workflows may not import providers, sandbox or CLI code.' },
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Workflows import activity types only.' },
        ],
      }],
      // A plain Error (InfraError included) fails the workflow task, which Temporal retries forever;
      // throw ApplicationFailures. Update validators may throw anything, but ours throw infraFailure too.
      'no-restricted-syntax': ['error', {
        selector: "ThrowStatement > :matches(NewExpression, CallExpression)[callee.name=/^(Error|TypeError|RangeError|InfraError)$/]",
        message: 'Workflows throw ApplicationFailure (infraFailure/canceled/toFailure), never a plain Error.',
      }],
    },
  },
);
