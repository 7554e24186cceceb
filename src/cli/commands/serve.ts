/**
 * Long-running surfaces over the same client: `fazt mcp` (MCP over stdio) and
 * `fazt dashboard [--port] [--host]` (the web page). Both stay up until stopped.
 */
import { Command } from 'commander';
import type { CliContext } from '../session';
import { untilSignal } from './sandbox';
import { TOKEN_ENV, signInLine } from '../../dashboard/sign-in';

export function registerServeCommands(program: Command, ctx: CliContext): void {
  const { deps } = ctx;

  program.command('mcp').description('Serve the infra tools to an MCP client over stdio')
    .option('--allow-agent-approval', 'also offer the infra.approve tool (lets the agent approve its own paid or destructive operations)')
    .action(async (o: { allowAgentApproval?: boolean }) => {
      const client = await ctx.client();
      const serve = deps.serveMcp ?? (await import('../../mcp/stdio')).serveStdio;
      await serve(client, { allowAgentApproval: Boolean(o.allowAgentApproval) });
    });

  program.command('dashboard').description('Serve the infrastructure dashboard (sign in with the link it prints, or a configured token)')
    .option('--port <port>', 'port', '7420')
    .option('--host <host>', 'address to bind (loopback by default: the page can approve operations)', '127.0.0.1')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM); needed for a non-loopback --host')
    .option('--tls-key <file>', 'the private key of --tls-cert (PEM)')
    .option('--insecure-http', 'allow plain HTTP on a non-loopback --host (only where the traffic stays on a trusted link)')
    .option('--token-file <file>', `read the login token from this file (or set ${TOKEN_ENV}); else one is generated and printed once`)
    .option('--user <name>', 'who decisions made through the dashboard are recorded as (default: the OS user)')
    .action(async (o: { port: string; host: string; tlsCert?: string; tlsKey?: string; insecureHttp?: boolean; tokenFile?: string; user?: string }) => {
      // Validation (zod) is loaded here, not at start: `fazt --help` lists this command without it.
      const [{ intString, parseOptions }, { z }] = await Promise.all([import('../context'), import('zod')]);
      const port = parseOptions(intString('--port', 0, 65535), o.port);
      const host = parseOptions(z.string().regex(/^[A-Za-z0-9.:-]+$/, 'host must be an address like 127.0.0.1'), o.host, '--host');
      const user = o.user === undefined ? undefined : parseOptions(z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'may contain letters, digits and . _ @ - only'), o.user, '--user');
      if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) {
        throw new (await import('../../domain/errors')).InfraError('INFRA_INVALID_INPUT', 'Give both --tls-cert and --tls-key (or neither)');
      }
      const read = deps.readFile ?? ((f: string) => import('node:fs/promises').then((fs) => fs.readFile(f, 'utf8')));
      const tls = o.tlsCert && o.tlsKey ? { cert: await read(o.tlsCert), key: await read(o.tlsKey) } : undefined;
      const token = o.tokenFile ? (await read(o.tokenFile)).trim() : process.env[TOKEN_ENV];
      const client = await ctx.client();
      const start = deps.startDashboard ?? (await import('../../dashboard/server')).startDashboard;
      const dash = await start({ client, port, host, providers: deps.providers, tls, insecureHttp: Boolean(o.insecureHttp), token, user });
      deps.out(`${signInLine(dash)}\nPress Ctrl-C to stop.`);
      try {
        await (deps.untilInterrupted ?? untilSignal)();
      } finally {
        await dash.close();
      }
    });
}
