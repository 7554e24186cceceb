// Lint rules that guard correctness, not taste: floating promises are bugs everywhere, and workflow
// code must stay deterministic (no Node built-ins, no provider or activity values), and the sandbox
// stays a layer of its own in both directions.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The sandbox is product code in its own layer (the two groups of config objects below). Both use
// @typescript-eslint/no-restricted-imports, not the core rule, so they never replace the core
// rule's options in blocks such as src/workflows/** (a later block's options for the same rule win).
//
// (i) Simulators model the providers' wire, not our domain: importing our validators, names or
// types would make a simulator agree with our own mistakes by construction. The one product module
// they use is src/ssh/keys: pure key helpers (generate an Ed25519 pair, parse a public key, the
// OpenSSH SHA256 fingerprint) that the simulated hosts and the SSH-key endpoints need, with no I/O
// and no fazt types. An import leaves src/sandbox when it climbs above it, so the pattern depends
// on how deep the importing file sits (src/sandbox/x.ts: `../`, src/sandbox/dir/x.ts: `../../`, …).
const sandboxDepths = [0, 1, 2, 3];
const sandboxOutbound = sandboxDepths.map((depth) => ({
  files: [['src/sandbox', ...Array(depth).fill('*'), '*.ts'].join('/')],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      patterns: [{
        regex: `^(\\.\\./){${depth + 1}}(?!ssh/keys$)`,
        message: 'The sandbox is its own layer: it imports only itself, packages and src/ssh/keys (see eslint.config.mjs).',
      }],
    }],
  },
}));

// (ii) Product code reaches the sandbox only through the runtime that starts it (src/runtime/**:
// `npm run up` embeds it). Elsewhere type-only imports are fine (config applies SandboxSettings,
// the CLI's deps name the Sandbox type), and the CLI's `sandbox` command loads it with
// `await import(...)` so no other command pays for it: a dynamic import is not an import
// declaration, so the rule lets exactly that through. Workflows ban the sandbox in their own block.
// As in (i), the path to src/sandbox depends on the importing file's depth under src/.
const productDepths = [0, 1, 2, 3];
const sandboxInbound = productDepths.map((depth) => ({
  files: [['src', ...Array(depth).fill('*'), '*.ts'].join('/')],
  ignores: ['src/sandbox/**', 'src/runtime/**', 'src/workflows/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      patterns: [{
        regex: depth === 0 ? '^\\./sandbox(/|$)' : `^(\\.\\./){${depth}}sandbox(/|$)`,
        allowTypeImports: true,
        message: 'Only src/runtime/** imports the sandbox; elsewhere use `import type`, or `await import()` in the `sandbox` command.',
      }],
    }],
  },
}));

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
    // The MCP server is a surface over the typed client (src/client/): it shares no code with the CLI.
    files: ['src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli', '**/cli/**'], message: 'The MCP server uses the typed client, not CLI code.' }],
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
      // A plain Error (InfraError included) fails the workflow task, which Temporal retries forever;
      // throw ApplicationFailures. Update validators may throw anything, but ours throw infraFailure too.
      'no-restricted-syntax': ['error', {
        selector: "ThrowStatement > :matches(NewExpression, CallExpression)[callee.name=/^(Error|TypeError|RangeError|InfraError)$/]",
        message: 'Workflows throw ApplicationFailure (infraFailure/canceled/toFailure), never a plain Error.',
      }],
    },
  },
  ...sandboxOutbound,
  ...sandboxInbound,
);
