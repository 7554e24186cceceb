/**
 * Long-running surfaces over the same client: `fazt mcp` (MCP over stdio) and
 * `fazt dashboard [--port] [--host]` (the web page). Both stay up until stopped.
 */
import { Command } from 'commander';
import type { CliContext } from '../session';
import { untilSignal } from './sandbox';

export function registerServeCommands(program: Command, ctx: CliContext): void {
  const { deps } = ctx;

  program.command('mcp').description('Serve the infra tools to an MCP client over stdio')
    .option('--allow-agent-approval', 'also offer the infra.approve tool (lets the agent approve its own paid or destructive operations)')
    .action(async (o: { allowAgentApproval?: boolean }) => {
      const client = await ctx.client();
      const serve = deps.serveMcp ?? (await import('../../mcp/stdio')).serveStdio;
      await serve(client, { allowAgentApproval: Boolean(o.allowAgentApproval) });
    });

  program.command('dashboard').description('Serve the infrastructure dashboard')
    .option('--port <port>', 'port', '7420')
    .option('--host <host>', 'address to bind (loopback by default: the page can approve operations)', '127.0.0.1')
    .action(async (o: { port: string; host: string }) => {
      // Validation (zod) is loaded here, not at start: `fazt --help` lists this command without it.
      const [{ intString, parseOptions }, { z }] = await Promise.all([import('../context'), import('zod')]);
      const port = parseOptions(intString('--port', 0, 65535), o.port);
      const host = parseOptions(z.string().regex(/^[A-Za-z0-9.:-]+$/, 'host must be an address like 127.0.0.1'), o.host, '--host');
      const client = await ctx.client();
      const start = deps.startDashboard ?? (await import('../../dashboard/server')).startDashboard;
      const dash = await start({ client, port, host, providers: deps.providers });
      deps.out(`Dashboard: ${dash.url}\nPress Ctrl-C to stop.`);
      try {
        await (deps.untilInterrupted ?? untilSignal)();
      } finally {
        await dash.close();
      }
    });
}
