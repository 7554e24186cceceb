/**
 * `fazt doctor [--json]`: what is fine and what to fix (Temporal, the worker, every configured
 * provider, the dashboard), as a table; exits 1 when something needs fixing. The checks load only
 * when the command runs (src/cli/doctor/checks.ts).
 */
import type { Command } from 'commander';
import type { CliDeps } from '../deps';
import { CliExit } from '../session';

interface DoctorOptions {
  json?: boolean;
  address?: string;
  namespace?: string;
  taskQueue?: string;
  socket?: string;
  dashboard: string;
}

export function registerDoctorCommand(program: Command, deps: Pick<CliDeps, 'out' | 'configStore'>): Command {
  return program
    .command('doctor')
    .description('Check Temporal, the worker, every configured provider and the dashboard; print what to fix')
    .option('--json', 'machine-readable output')
    .option('--address <host:port>', 'Temporal address (default: TEMPORAL_ADDRESS or the profile, else localhost:7233)')
    .option('--namespace <ns>', 'Temporal namespace')
    .option('--task-queue <queue>', "the worker's task queue (default: FAZT_TASK_QUEUE, else fazt-infra)")
    .option('--socket <path>', "the worker's read socket (default: in the data folder)")
    .option('--dashboard <url>', 'the dashboard to check', 'http://127.0.0.1:7420')
    .action(async (o: DoctorOptions) => {
      const [{ runChecks }, { readSocketPath, dataDir }, { TASK_QUEUE }, { json, table }] = await Promise.all([
        import('../doctor/checks'), import('../../config/paths'), import('../../shared/constants'), import('../output'),
      ]);
      const taskQueue = o.taskQueue ?? (process.env.FAZT_TASK_QUEUE || TASK_QUEUE);
      // Workflow results are sealed by the payload codec: the key of this config folder opens them.
      const store = deps.configStore?.();
      const { infraDataConverter } = await import('../../codec');
      const dataConverter = infraDataConverter(store ? { dir: store.dir, env: store.env } : {});
      const checks = await runChecks({
        dataConverter, address: o.address, namespace: o.namespace, taskQueue, socket: o.socket ?? readSocketPath(dataDir(), taskQueue), dashboardUrl: o.dashboard,
      });
      const failed = checks.filter((c) => c.status === 'fail').length;
      if (o.json) deps.out(json({ ok: failed === 0, checks }));
      else {
        const mark = { ok: 'ok', warn: 'warn', fail: 'FAIL' } as const;
        deps.out(table(checks, [{ header: 'CHECK', value: (c) => c.check }, { header: 'STATUS', value: (c) => mark[c.status] }, { header: 'DETAIL', value: (c) => c.detail }]));
        const fixes = checks.filter((c) => c.fix);
        if (fixes.length) deps.out(['', 'To fix:', ...fixes.map((c) => `  ${c.check}: ${c.fix}`)].join('\n'));
        deps.out(failed ? `\n${failed} problem${failed > 1 ? 's' : ''} found` : '\nAll checks passed');
      }
      if (failed) throw new CliExit(1);
    });
}
