/**
 * The `fazt` binary: builds the real deps, runs the program, maps failures to exit codes
 * ({@link exitCodeFor}) and is the only place that calls `process.exit`.
 */
import readline from 'node:readline/promises';
import type { InfraClient } from '../client/api';
import type { CliDeps, OpenShell } from './deps';
import { describeFailure } from './exit-codes';
import { createProgram } from './program';
import { mark, reportTiming } from './timing';

/**
 * The client, loaded on first use so `--help` and `sandbox` need no server: direct reads go to the
 * local worker's read socket, the rest (and reads no worker answers) through Temporal, whose client
 * modules are loaded only then.
 */
async function connectClient(): Promise<InfraClient> {
  const [{ quickClient }, { dataDir, readSocketPath }, { TASK_QUEUE }] = await Promise.all([import('../client/direct'), import('../config/paths'), import('../shared/constants')]);
  mark('clientLoaded');
  // FAZT_DIRECT_READS=0: every read through a workflow (the durable path), e.g. to compare.
  const socket = process.env.FAZT_DIRECT_READS === '0' ? null : readSocketPath(dataDir(), process.env.FAZT_TASK_QUEUE || TASK_QUEUE);
  return quickClient(socket, async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../client') as { connect: (opts?: unknown) => Promise<InfraClient> };
    mark('temporalLoaded');
    const client = await mod.connect();
    mark('connected');
    return client;
  });
}

/** `vps ssh` through src/ssh with the config's SSH port and user, loaded only when used. */
const openShell: OpenShell = async (target) => {
  const [{ openShell: open }, { ConfigStore }] = await Promise.all([import('../ssh'), import('../config')]);
  const ssh = new ConfigStore().settings().ssh;
  return open({ host: target.host, port: target.port ?? ssh.port, user: target.user ?? ssh.user });
};

/** Which providers have credentials, for the dashboard's provider cards (never the tokens). */
async function configuredProviders(): Promise<Array<{ kind: string; provider: string; configured: boolean }>> {
  const { ConfigStore } = await import('../config');
  const store = new ConfigStore();
  return (['vps', 'dns', 'domain'] as const).flatMap((kind) => store.configuredProviders(kind).map((provider) => ({ kind, provider, configured: true })));
}

async function prompt(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export function realDeps(): CliDeps {
  return {
    client: connectClient,
    out: (text) => {
      mark('output');
      process.stdout.write(`${text}\n`);
    },
    err: (text) => process.stderr.write(`${text}\n`),
    prompt,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    openShell,
    providers: configuredProviders,
  };
}

export async function main(argv: string[]): Promise<number> {
  mark('main');
  const deps = realDeps();
  const program = createProgram(deps, argv);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const { exitCode, text } = describeFailure(err, { json: argv.includes('--json') });
    if (text) (argv.includes('--json') ? deps.out : deps.err)(text);
    return exitCode;
  } finally {
    await program.context.close().catch(() => undefined);
    mark('closed');
    reportTiming();
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
