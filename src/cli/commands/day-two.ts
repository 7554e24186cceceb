/**
 * Day two: `drift [--fix]`, `orphans [--remove <id>]`, `costs`, `health`, `renewals`. Reports are
 * tables (or `--json`); fixes and removals go through the normal operations and their confirmation.
 */
import type { Command } from 'commander';
import { providerCards } from '../../client/costs';
import type { DriftItem, DriftReport, Orphan } from '../../domain/drift';
import type { DnsRecord } from '../../domain/types';
import type { OperationInput } from '../../operations/define';
import { InfraError } from '../../domain/errors';
import { dnsSetMany, driftCheck, healthLast, orphansList, renewalsCheck, vpsCreate, vpsDestroy } from '../../operations/catalogue';
import { serverRefSchema, parseOptions, type CliContext } from '../context';
import { decisionOptions, runOperation } from '../decisions';
import { json, money, table } from '../output';

export function driftTable(r: DriftReport): string {
  const providers = table(r.providers, [
    { header: 'PROVIDER', value: (p) => p.provider },
    { header: 'KIND', value: (p) => p.kind },
    { header: 'STATE', value: (p) => p.status },
    { header: 'CHECKED', value: (p) => p.checked, align: 'right' },
    { header: 'NOTE', value: (p) => p.reason ?? '' },
  ], 'No providers configured.');
  const drift = table(r.drift, [
    { header: 'KIND', value: (d) => d.kind },
    { header: 'PROVIDER', value: (d) => d.provider },
    { header: 'RESOURCE', value: (d) => d.id },
    { header: 'DRIFT', value: (d) => d.issue },
    { header: 'FAZT KNOWS', value: (d) => d.known },
    { header: 'LIVE', value: (d) => d.live },
  ], 'No drift: everything fazt made is as fazt left it.');
  return `${drift}\n\n${providers}\n(checked ${r.checkedAt})`;
}

export function orphansTable(rows: Orphan[]): string {
  return table(rows, [
    { header: 'KIND', value: (o) => o.kind },
    { header: 'ID', value: (o) => o.id },
    { header: 'NAME', value: (o) => o.name },
    { header: 'COST/MO', value: (o) => `${money(o.monthlyCost)} ${o.currency}`, align: 'right' },
    { header: 'WHY', value: (o) => o.reason },
  ], 'No orphans.');
}

/** Re-applies what fazt owns: known record sets per zone (dns.setMany), deleted servers (vps.create, paid). */
async function fix(ctx: CliContext, drift: DriftItem[], flags: { yes?: boolean; json?: boolean }): Promise<string[]> {
  const done: string[] = [];
  const zones = new Map<string, DnsRecord[]>();
  for (const d of drift) if (d.zone && d.fix && 'records' in d.fix) zones.set(d.zone, [...(zones.get(d.zone) ?? []), ...d.fix.records]);
  for (const [zone, records] of zones) {
    const r = await runOperation(ctx, dnsSetMany, { zone, records: records as OperationInput<typeof dnsSetMany>['records'] }, flags);
    done.push(r ? `re-applied ${records.length} record(s) in ${zone}` : `re-applying records in ${zone} waits for a decision`);
  }
  for (const d of drift) {
    if (d.fix && 'server' in d.fix) {
      const r = await runOperation(ctx, vpsCreate, d.fix.server as OperationInput<typeof vpsCreate>, flags);
      done.push(r ? `ordered ${d.fix.server.name} again at ${d.provider}` : `ordering ${d.fix.server.name} again waits for a decision`);
    } else if (d.kind === 'server') done.push(`${d.id}: ${d.issue} has no fazt operation to re-apply; change it back at ${d.provider}`);
  }
  return done;
}

export function registerDayTwoCommands(infra: Command, ctx: CliContext): void {
  const { deps } = ctx;
  decisionOptions(infra.command('drift').description('Compare what fazt made with each provider now; --fix re-applies what fazt owns'), vpsCreate)
    .option('--fix', 're-apply what fazt owns through the normal operations (paid fixes ask first)')
    .option('--json', 'print JSON')
    .action(async (o: { fix?: boolean; json?: boolean; yes?: boolean }) => {
      const report = await (await ctx.client()).run(driftCheck, {});
      const fixed = o.fix ? await fix(ctx, report.drift, o) : undefined;
      if (o.json) deps.out(json(fixed ? { ...report, fixed } : report));
      else deps.out([driftTable(report), ...(fixed?.length ? ['', ...fixed] : [])].join('\n'));
    });

  decisionOptions(infra.command('orphans').description("Servers with fazt's label nobody owns, and servers fazt knows that are gone"), vpsDestroy)
    .option('--remove <id>', 'destroy this orphan through vps destroy (asks first)')
    .option('--json', 'print JSON')
    .action(async (o: { remove?: string; json?: boolean; yes?: boolean }) => {
      const id = o.remove === undefined ? undefined : parseOptions(serverRefSchema, o.remove, 'orphan id');
      const orphans = await (await ctx.client()).run(orphansList, {});
      if (!id) return deps.out(o.json ? json(orphans) : orphansTable(orphans));
      const target = orphans.find((x) => x.id === id && x.kind === 'billed-unowned');
      if (!target) throw new InfraError('INFRA_NOT_FOUND', `${id} is not an orphaned server carrying fazt's label; see fazt dev infra orphans`);
      const r = await runOperation(ctx, vpsDestroy, { server: target.id }, o);
      if (r !== null) deps.out(o.json ? json({ removed: target.id }) : `Destroyed ${target.name} (${target.id})`);
    });

  infra.command('costs').description('Per provider: connected, servers, monthly total; DNS zones').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const cards = await providerCards(await ctx.client(), deps.providers);
      if (o.json) return deps.out(json(cards));
      deps.out([
        table(cards.vps, [
          { header: 'VPS PROVIDER', value: (c) => c.name },
          { header: 'CONNECTED', value: (c) => (c.configured ? 'yes' : 'no') },
          { header: 'SERVERS', value: (c) => c.servers, align: 'right' },
          { header: 'MONTHLY', value: (c) => `${c.monthlyCost.toFixed(2)} ${c.currency}`, align: 'right' },
        ]),
        '',
        table(cards.dns, [
          { header: 'DNS PROVIDER', value: (c) => c.name },
          { header: 'CONNECTED', value: (c) => (c.configured ? 'yes' : 'no') },
          { header: 'ZONES', value: (c) => c.zones, align: 'right' },
          { header: 'RECORDS', value: (c) => c.records, align: 'right' },
          { header: 'PLAN', value: (c) => c.note ?? '' },
        ]),
      ].join('\n'));
    });

  infra.command('health').description('The last health sweep, per server').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const h = await (await ctx.client()).run(healthLast, {});
      if (o.json) return deps.out(json(h));
      deps.out(h ? table(h.servers, [
        { header: 'NAME', value: (s) => s.name }, { header: 'HEALTH', value: (s) => s.health },
        { header: 'AT', value: (s) => s.at }, { header: 'DETAIL', value: (s) => s.detail }, { header: 'ID', value: (s) => s.id },
      ], 'No servers.') : 'No health sweep yet (fazt dev infra schedules trigger health-sweep).');
    });

  infra.command('renewals').description('Domains expiring within 30 days with auto-renew off').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await (await ctx.client()).run(renewalsCheck, {});
      if (o.json) return deps.out(json(r));
      deps.out(r.reason ? `No domains checked: ${r.reason}` : table(r.expiring, [
        { header: 'DOMAIN', value: (d) => d.domain }, { header: 'PROVIDER', value: (d) => d.provider },
        { header: 'EXPIRES', value: (d) => d.expiresAt }, { header: 'DAYS LEFT', value: (d) => d.daysLeft, align: 'right' },
      ], `None of ${r.domains} domain(s) expires within 30 days with auto-renew off.`));
    });
}
