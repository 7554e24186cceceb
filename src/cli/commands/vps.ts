/** `fazt dev infra vps …`: list, types, regions, create, status, ssh, exec, destroy, reboot, get. */
import { Command } from 'commander';
import { z } from 'zod';
import { VPS_PROVIDERS, type Server } from '../../domain/types';
import { InfraError } from '../../domain/errors';
import { CliExit, intString, parseOptions, serverRefSchema, type CliContext } from '../context';
import { decisionOptions, runOperation } from '../decisions';
import { healthLast, vpsCreate, vpsDestroy } from '../../operations/catalogue';
import type { HealthReport } from '../../domain/drift';
import { json, keyValues, money, table } from '../output';

export const vpsProviderSchema = z.enum(VPS_PROVIDERS, { message: `provider must be one of: ${VPS_PROVIDERS.join(', ')}` });

/** Collects a repeatable option (`--ssh-key a --ssh-key b`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The servers table: name, provider, IP, status, type, region, monthly cost, id (and the last health when known). */
export function serversTable(servers: Server[], health?: HealthReport | null): string {
  const last = (s: Server) => health?.servers.find((h) => h.id === s.id);
  const healthColumn = health ? [{ header: 'HEALTH', value: (s: Server) => (last(s) ? `${last(s)!.health} (${last(s)!.at})` : '-') }] : [];
  return table(servers, [
    { header: 'NAME', value: (s) => s.name },
    { header: 'PROVIDER', value: (s) => s.provider },
    { header: 'IP', value: (s) => s.ip ?? '-' },
    { header: 'STATUS', value: (s) => s.status },
    { header: 'TYPE', value: (s) => s.type },
    { header: 'REGION', value: (s) => s.region },
    { header: 'COST/MO', value: (s) => money(s.monthlyCost), align: 'right' },
    ...healthColumn,
    { header: 'ID', value: (s) => s.id },
  ], 'No servers.');
}

export function registerVpsCommand(infra: Command, ctx: CliContext): Command {
  const { deps } = ctx;
  const vps = infra.command('vps').description('Virtual private servers');

  vps.command('list').description('List all servers').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    const client = await ctx.client();
    // The last health sweep (a direct read of the worker's report), shown when there is one.
    const [servers, health] = await Promise.all([client.dev.infra.vps.list(), client.run(healthLast, {}).catch(() => null)]);
    const withHealth = (s: Server) => {
      const h = health?.servers.find((x) => x.id === s.id);
      return h ? { ...s, lastHealth: { health: h.health, at: h.at, detail: h.detail } } : s;
    };
    deps.out(o.json ? json(servers.map(withHealth)) : serversTable(servers, health));
  });

  vps.command('types <provider>').description('Server types of a provider, with prices').option('--json', 'print JSON')
    .action(async (provider: string, o: { json?: boolean }) => {
      const p = parseOptions(vpsProviderSchema, provider, 'provider');
      const types = await (await ctx.client()).dev.infra.vps.types(p);
      deps.out(o.json ? json(types) : table(types, [
        { header: 'ID', value: (t) => t.id },
        { header: 'VCPUS', value: (t) => t.vcpus, align: 'right' },
        { header: 'RAM (MiB)', value: (t) => t.ram, align: 'right' },
        { header: 'DISK (GB)', value: (t) => t.disk, align: 'right' },
        { header: 'PRICE/MO', value: (t) => `${t.price.toFixed(2)}${t.currency ? ` ${t.currency}` : ''}`, align: 'right' },
      ], 'No server types.'));
    });

  vps.command('regions <provider>').description('Regions of a provider').option('--json', 'print JSON')
    .action(async (provider: string, o: { json?: boolean }) => {
      const p = parseOptions(vpsProviderSchema, provider, 'provider');
      const regions = await (await ctx.client()).dev.infra.vps.regions(p);
      deps.out(o.json ? json(regions) : table(regions, [
        { header: 'ID', value: (r) => r.id },
        { header: 'NAME', value: (r) => r.name },
        { header: 'COUNTRY', value: (r) => r.country },
      ], 'No regions.'));
    });

  decisionOptions(vps.command('create <provider>').description('Create a server (asks for confirmation)'), vpsCreate)
    .requiredOption('--name <name>', 'server name')
    .requiredOption('--type <type>', 'server type, e.g. cx22')
    .requiredOption('--region <region>', 'region, e.g. fsn1')
    .option('--image <image>', "image (default: the provider's, ubuntu-24.04)")
    .option('--ssh-key <key>', 'provider SSH key name (repeatable)', collect, [])
    .option('--install-fazt', 'install Fazt via cloud-init')
    .option('--domain <domain>', 'Fazt domain (with --install-fazt)')
    .option('--email <email>', 'Fazt admin email (with --install-fazt)')
    .option('--ipv6', 'enable IPv6')
    .option('--json', 'print JSON')
    .action(async (provider: string, o: Record<string, any>) => {
      const faztConfig = o.domain || o.email ? { domain: o.domain, adminEmail: o.email } : undefined;
      if (faztConfig && !o.installFazt) throw new InfraError('INFRA_INVALID_INPUT', 'Invalid options: --domain and --email need --install-fazt');
      // The rest is validated once, by the client, with the operation's schema.
      const server = await runOperation(ctx, vpsCreate, stripUndefined({
        provider: parseOptions(vpsProviderSchema, provider, 'provider'), name: o.name, type: o.type, region: o.region, image: o.image,
        sshKeys: o.sshKey.length ? o.sshKey : undefined, installFazt: o.installFazt, faztConfig: faztConfig && stripUndefined(faztConfig), ipv6: o.ipv6,
      }), o);
      if (server) deps.out(o.json ? json(server) : `Created ${server.name}\n${keyValues(server as never)}`);
    });

  vps.command('status <name>').description('Server status with a health check').option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const ref = parseOptions(serverRefSchema, name, 'server');
      const h = await (await ctx.client()).dev.infra.vps.status(ref);
      deps.out(o.json ? json(h) : keyValues({
        id: h.id, status: h.status, fazt: h.faztStatus ?? 'not installed', version: h.faztVersion,
        uptime: h.uptime === null ? null : `${Math.floor(h.uptime / 3600)}h`, load: h.load,
        disk: h.diskUsed === null ? null : `${h.diskUsed} / ${h.diskTotal} GB`, memory: h.memUsed === null ? null : `${h.memUsed} / ${h.memTotal} GB`,
      }));
    });

  vps.command('get <name>').description('Server details').option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const s = await (await ctx.client()).dev.infra.vps.get(parseOptions(serverRefSchema, name, 'server'));
      deps.out(o.json ? json(s) : keyValues(s as never));
    });

  vps.command('exec <name> <command>').description('Run a command on a server over SSH')
    .option('--timeout <seconds>', 'give up after this many seconds')
    .option('--json', 'print JSON')
    .action(async (name: string, command: string, o: { timeout?: string; json?: boolean }) => {
      const ref = parseOptions(serverRefSchema, name, 'server');
      const cmd = parseOptions(z.string().min(1, 'command is empty').max(10_000), command, 'command');
      const timeout = o.timeout === undefined ? undefined : parseOptions(intString('--timeout', 1, 3600), o.timeout);
      const r = await (await ctx.client()).dev.infra.vps.exec(ref, cmd, timeout ? { timeoutMs: timeout * 1000 } : undefined).catch((err) => {
        // A command that timed out or lost its connection may have run: show what it printed.
        const d = err instanceof InfraError ? err.data : undefined;
        if (!o.json && typeof d?.stdout === 'string' && d.stdout) deps.out(d.stdout.replace(/\n$/, ''));
        if (!o.json && typeof d?.stderr === 'string' && d.stderr) deps.err(d.stderr.replace(/\n$/, ''));
        throw err;
      });
      if (o.json) deps.out(json(r));
      else {
        if (r.stdout) deps.out(r.stdout.replace(/\n$/, ''));
        if (r.stderr) deps.err(r.stderr.replace(/\n$/, ''));
        if (r.truncated) deps.err('(output truncated)');
      }
      if (r.exitCode !== 0) throw new CliExit(r.exitCode > 0 && r.exitCode < 256 ? r.exitCode : 1);
    });

  vps.command('reboot <name>').description('Reboot a server').action(async (name: string) => {
    const ref = parseOptions(serverRefSchema, name, 'server');
    await (await ctx.client()).dev.infra.vps.reboot(ref);
    deps.out(`Rebooting ${ref}`);
  });

  decisionOptions(vps.command('destroy <name>').description('Destroy a server (asks for confirmation)'), vpsDestroy)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { yes?: boolean; json?: boolean }) => {
      const ref = parseOptions(serverRefSchema, name, 'server');
      if ((await runOperation(ctx, vpsDestroy, { server: ref }, o)) === null) return;
      deps.out(o.json ? json({ destroyed: ref }) : `Destroyed ${ref}`);
    });

  vps.command('ssh <name>').description('Open an interactive shell on a server')
    .action(async (name: string) => {
      const ref = parseOptions(serverRefSchema, name, 'server');
      const server = await (await ctx.client()).dev.infra.vps.get(ref);
      if (!server.ip) throw new InfraError('INFRA_CONFLICT', `Server ${server.name} has no IPv4 address yet (status ${server.status})`);
      const open = deps.openShell;
      if (!open) throw new InfraError('INFRA_NOT_CONFIGURED', 'Interactive SSH is not available in this build');
      const code = await open({ host: server.ip, server: server.name });
      if (code !== 0) throw new CliExit(code > 0 && code < 256 ? code : 1);
    });

  return vps;
}

/** Drops undefined fields so `.strict()` schemas see only what was given. */
export function stripUndefined<T extends Record<string, unknown>>(obj: T): T {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}
