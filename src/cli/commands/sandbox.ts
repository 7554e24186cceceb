/**
 * `fazt sandbox [--port-base N] [--data-file f]`: runs every provider simulator, the simulated
 * hosts and the DNS servers on loopback, prints where they are and a ready-made config, and stays
 * up until Ctrl-C.
 */
import { Command } from 'commander';
import { PROVIDERS } from '../../domain/providers';
import type { SandboxOptions, SandboxSettings } from '../../sandbox';
import type { CliContext } from '../session';
import { table } from '../output';

/**
 * Ports from `--port-base`: the simulators in catalogue order, then SSH and DNS after them (at
 * least 10 up, as before, so a few more providers keep the SSH and DNS ports where they were).
 */
export function sandboxPorts(base: number): Record<string, number> {
  const ports: Record<string, number> = Object.fromEntries(PROVIDERS.map((d, i) => [d.name, base + i]));
  const after = Math.max(10, PROVIDERS.length);
  return { ...ports, ssh: base + after, dns: base + after + 1 };
}

/** The `fazt dev config …` lines that point a config at this sandbox (sandbox tokens, not real ones). */
export function sandboxConfigLines(s: SandboxSettings): string[] {
  const lines: string[] = [];
  for (const d of PROVIDERS) {
    const endpoint = s.endpoints[d.name];
    if (!endpoint) continue;
    for (const kind of d.kinds) lines.push(`fazt dev config infra.${kind}.${d.name} --endpoint ${endpoint} --token ${s.tokens[d.name]}`);
  }
  if (s.sshPort !== null) lines.push(`fazt dev config infra.ssh.port ${s.sshPort}`, `fazt dev config infra.ssh.user ${s.sshUser}`);
  if (s.resolvers.length) lines.push(`fazt dev config infra.dns.resolvers ${s.resolvers.join(',')}`);
  if (s.authoritative) lines.push(`fazt dev config infra.dns.authoritative ${s.authoritative}`);
  return lines;
}

export function registerSandboxCommand(program: Command, ctx: CliContext): Command {
  const { deps } = ctx;
  return program.command('sandbox').description('Run the provider simulators locally (no real accounts needed)')
    .option('--port-base <n>', 'fixed ports from here (default: random free ports)')
    .option('--data-file <file>', 'keep simulator state in this JSON file across restarts')
    .option('--configure', 'also write these settings into the fazt config (sandbox mode; leave it with `fazt dev config --unset infra.sandbox`)')
    .action(async (o: { portBase?: string; dataFile?: string; configure?: boolean }) => {
      // Validation (zod) is loaded here, not at start: `fazt --help` lists this command without it.
      const [{ intString, parseOptions }, { z }] = await Promise.all([import('../context'), import('zod')]);
      const base = o.portBase === undefined ? undefined : parseOptions(intString('--port-base', 1024, 65000), o.portBase);
      const dataFile = o.dataFile === undefined ? undefined : parseOptions(z.string().trim().min(1).max(4096), o.dataFile, '--data-file');
      const opts: SandboxOptions = { dataFile };
      if (base !== undefined) opts.ports = sandboxPorts(base);
      const start = deps.startSandbox ?? (await import('../../sandbox')).startSandbox;
      const sandbox = await start(opts);
      try {
        const s = sandbox.settings();
        if (o.configure) {
          const config = await import('../../config');
          config.applySandboxSettings(deps.configStore ? deps.configStore() : new config.ConfigStore(), s);
        }
        deps.out([
          'Sandbox running. Providers:',
          table(Object.entries(s.endpoints), [{ header: 'PROVIDER', value: (e) => e[0] }, { header: 'BASE URL', value: (e) => e[1] }]),
          '',
          s.sshPort !== null ? `SSH hosts:     127.0.0.1:${s.sshPort} (user ${s.sshUser})` : 'SSH hosts:     off',
          s.authoritative ? `Authoritative: ${s.authoritative}` : '',
          s.resolvers.length ? `Resolvers:     ${s.resolvers.join(', ')}` : '',
          '',
          o.configure ? 'The fazt config now points at it (these lines do the same by hand):' : 'Point fazt at it (or run with --configure):',
          ...sandboxConfigLines(s).map((l) => `  ${l}`),
          '',
          dataFile ? `State is saved to ${dataFile}.` : 'State lives in memory (use --data-file to keep it).',
          'Press Ctrl-C to stop.',
        ].filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n'));
        await (deps.untilInterrupted ?? untilSignal)();
      } finally {
        await sandbox.stop();
        deps.err('Sandbox stopped.');
      }
    });
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
