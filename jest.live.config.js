/**
 * `npm run test:live`: the contract suites against real accounts (test/live/README.md). A file is
 * matched only when what it needs is set, so an unconfigured suite is neither run, skipped nor
 * counted; with nothing configured jest finds no tests and fails, saying what to set.
 */
const base = require('./jest.config');
// The token variables are the provider catalogue's (loaded through tsx: the catalogue is TypeScript).
const { tokenEnvOf } = require('tsx/cjs/api').require('./src/domain/providers.ts', __filename);

const env = process.env;
const hasToken = (provider) => tokenEnvOf(provider).some((name) => env[name]?.trim());
const wanted = {
  dns: [env.INFRA_TEST_DNS_PROVIDER?.trim(), Boolean(env.INFRA_TEST_ZONE?.trim()), 'INFRA_TEST_DNS_PROVIDER, its token and INFRA_TEST_ZONE'],
  vps: [env.INFRA_TEST_VPS_PROVIDER?.trim(), true, 'INFRA_TEST_VPS_PROVIDER and its token'],
};
const selected = [];
for (const [suite, [provider, extra, needs]] of Object.entries(wanted)) {
  if (provider && extra && hasToken(provider)) selected.push(suite);
  else process.stderr.write(`test:live: not running the ${suite} suite (set ${needs})\n`);
}

module.exports = {
  ...base,
  roots: ['<rootDir>/test/live'],
  // An empty testMatch would match every file, so "nothing configured" names a file that is not there.
  testMatch: selected.length ? selected.map((suite) => `<rootDir>/test/live/${suite}.test.ts`) : ['<rootDir>/test/live/no-suite-is-configured'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Real APIs only: no Temporal dev server.
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
};
