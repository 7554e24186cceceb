/**
 * The `fazt` command tree, built from injected deps so tests drive it with a fake client and
 * `.exitOverride()`. Nothing here exits the process: errors propagate to src/cli/index.ts.
 */
import { Command } from 'commander';
import type { CliDeps } from './deps';
import { createContext, type CliContext } from './session';
import { registerSandboxCommand } from './commands/sandbox';
import { registerServeCommands } from './commands/serve';
import { registerDoctorCommand } from './commands/doctor';
import { registerCodecServerCommand } from './commands/codec-server';

export type { CliDeps } from './deps';

/** A command with the context it runs in (tests may close the client through it). */
export type FaztProgram = Command & { readonly context: CliContext };

/**
 * Builds `fazt`: `dev infra vps|dns|ssh-keys|launch|status|pending|approve|reject|operations`,
 * `dev config`, `dev infra audit`, `sandbox`, `mcp`, `dashboard`.
 */
/**
 * With `argv`, the `dev` subtree (and the validation, catalogue and client code its commands load)
 * is built only when the command line goes into `dev`: `fazt --help` and `fazt sandbox` load
 * commander and little else. Without `argv` (tests) everything is built.
 */
export function createProgram(deps: CliDeps, argv?: readonly string[]): FaztProgram {
  const ctx = createContext(deps);
  const program = new Command('fazt')
    .description('Durable infrastructure: VPS, DNS and domains behind one interface')
    .showHelpAfterError('(run with --help for usage)')
    // Set before any subcommand exists so every command inherits it: commander throws instead of exiting.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out(s.replace(/\n$/, '')),
      writeErr: (s) => deps.err(s.replace(/\n$/, '')),
    });

  const dev = program.command('dev').description('External services');
  const infra = dev.command('infra').description('Servers, DNS zones and operations');
  if (!argv || argv.slice(2).find((a) => !a.startsWith('-')) === 'dev') {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { registerVpsCommand } = require('./commands/vps') as typeof import('./commands/vps');
    const { registerDnsCommand } = require('./commands/dns') as typeof import('./commands/dns');
    const { registerSshKeysCommand } = require('./commands/ssh-keys') as typeof import('./commands/ssh-keys');
    const { registerOperationsCommands } = require('./commands/operations') as typeof import('./commands/operations');
    const { registerConfigCommand } = require('./commands/config') as typeof import('./commands/config');
    const { registerAuditCommand } = require('./commands/audit') as typeof import('./commands/audit');
    const { registerDayTwoCommands } = require('./commands/day-two') as typeof import('./commands/day-two');
    const { registerSchedulesCommand } = require('./commands/schedules') as typeof import('./commands/schedules');
    const { registerDomainCommand } = require('./commands/domain') as typeof import('./commands/domain');
    /* eslint-enable @typescript-eslint/no-require-imports */
    registerVpsCommand(infra, ctx);
    registerDnsCommand(infra, ctx);
    registerSshKeysCommand(infra, ctx);
    registerDomainCommand(infra, ctx);
    registerOperationsCommands(infra, ctx);
    registerConfigCommand(dev, { out: deps.out, store: deps.configStore });
    registerAuditCommand(infra, { out: deps.out, audit: deps.auditLog });
    registerDayTwoCommands(infra, ctx);
    registerSchedulesCommand(infra, ctx);
  }

  registerSandboxCommand(program, ctx);
  registerServeCommands(program, ctx);
  registerDoctorCommand(program, deps);
  registerCodecServerCommand(program, ctx);

  // One client per run, closed when the action is done (index.ts exits right after).
  program.hook('postAction', () => ctx.close());
  return Object.assign(program, { context: ctx });
}

