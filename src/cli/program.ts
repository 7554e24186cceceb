/**
 * The `fazt` command tree, built from injected deps so tests drive it with a fake client and
 * `.exitOverride()`. Nothing here exits the process: errors propagate to src/cli/index.ts.
 */
import { Command } from 'commander';
import type { CliDeps } from './deps';
import { createContext, type CliContext } from './context';
import { registerVpsCommand } from './commands/vps';
import { registerDnsCommand } from './commands/dns';
import { registerSshKeysCommand } from './commands/ssh-keys';
import { registerOperationsCommands } from './commands/operations';
import { registerSandboxCommand } from './commands/sandbox';
import { registerServeCommands } from './commands/serve';
import { registerConfigCommand } from './commands/config';
import { registerAuditCommand } from './commands/audit';

export type { CliDeps } from './deps';

/** A command with the context it runs in (tests may close the client through it). */
export type FaztProgram = Command & { readonly context: CliContext };

/**
 * Builds `fazt`: `dev infra vps|dns|ssh-keys|launch|status|pending|approve|reject|operations`,
 * `dev config`, `dev infra audit`, `sandbox`, `mcp`, `dashboard`.
 */
export function createProgram(deps: CliDeps): FaztProgram {
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
  registerVpsCommand(infra, ctx);
  registerDnsCommand(infra, ctx);
  registerSshKeysCommand(infra, ctx);
  registerOperationsCommands(infra, ctx);
  registerConfigCommand(dev, { out: deps.out, store: deps.configStore });
  registerAuditCommand(infra, { out: deps.out, audit: deps.auditLog });

  registerSandboxCommand(program, ctx);
  registerServeCommands(program, ctx);

  // One client per run, closed when the action is done (index.ts exits right after).
  program.hook('postAction', () => ctx.close());
  return Object.assign(program, { context: ctx });
}

