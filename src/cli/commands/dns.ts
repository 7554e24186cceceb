/** `fazt dev infra dns …`: zones, add-zone, records, set, delete, check, set-many, wait. */
import { Command } from 'commander';
import { z } from 'zod';
import { durationSchema, fqdnSchema, recordInputSchema, zoneSchema } from '../../domain/validate';
import { DNS_PROVIDERS, PROXYING_PROVIDERS, nameList } from '../../domain/providers';
import { RECORD_TYPES, type DnsRecord, type PropagationResult } from '../../domain/types';
import { InfraError } from '../../domain/errors';
import { intString, parseOptions, type CliContext } from '../context';
import { decisionOptions, progressPrinter, runOperation } from '../decisions';
import { dnsSetMany } from '../../operations/catalogue';
import { json, table } from '../output';
import { collect, stripUndefined } from './vps';

const dnsProviderSchema = z.enum(DNS_PROVIDERS, { message: `provider must be one of: ${DNS_PROVIDERS.join(', ')}` });
const recordTypeSchema = z.enum(RECORD_TYPES, { message: `type must be one of: ${RECORD_TYPES.join(', ')}` });
const resolverSchema = z.string().regex(/^[A-Za-z0-9.:\[\]-]+$/, 'resolver must be an address like 8.8.8.8 or 127.0.0.1:5300');
/** A records file: an array of records, or `{ "records": [...] }`. */
const recordsFileSchema = z.union([z.array(recordInputSchema), z.object({ records: z.array(recordInputSchema) }).transform((o) => o.records)]);

export function recordsTable(records: DnsRecord[]): string {
  return table(records, [
    { header: 'TYPE', value: (r) => r.type },
    { header: 'NAME', value: (r) => r.name },
    { header: 'CONTENT', value: (r) => r.content },
    { header: 'TTL', value: (r) => r.ttl, align: 'right' },
    { header: 'PRIORITY', value: (r) => r.priority, align: 'right' },
    { header: 'PROXIED', value: (r) => (r.proxied === undefined ? '' : r.proxied ? 'yes' : 'no') },
  ], 'No records.');
}

function propagationTable(p: PropagationResult): string {
  const rows = table(p.results, [
    { header: 'RESOLVER', value: (r) => r.resolver },
    { header: 'VALUE', value: (r) => r.value ?? '-' },
    { header: 'PROPAGATED', value: (r) => (r.propagated ? 'yes' : 'no') },
    { header: 'ERROR', value: (r) => r.error },
  ], 'No resolvers answered.');
  const done = p.results.filter((r) => r.propagated).length;
  return `${rows}\n${p.allPropagated ? 'Propagated everywhere' : `Propagated at ${done}/${p.results.length} resolvers`} (expected ${p.expected})`;
}

export function registerDnsCommand(infra: Command, ctx: CliContext): Command {
  const { deps } = ctx;
  const dns = infra.command('dns').description('DNS zones and records');

  dns.command('zones').description('List managed zones').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    const zones = await (await ctx.client()).dev.infra.dns.zones();
    deps.out(o.json ? json(zones) : table(zones, [
      { header: 'ZONE', value: (z) => z.zone },
      { header: 'PROVIDER', value: (z) => z.provider },
      { header: 'RECORDS', value: (z) => z.records, align: 'right' },
    ], 'No managed zones.'));
  });

  dns.command('add-zone <zone>').description('Manage a zone').option('--provider <provider>', 'DNS provider').option('--json', 'print JSON')
    .action(async (zone: string, o: { provider?: string; json?: boolean }) => {
      const zn = parseOptions(zoneSchema, zone, 'zone');
      const provider = o.provider === undefined ? undefined : parseOptions(dnsProviderSchema, o.provider, 'provider');
      const summary = await (await ctx.client()).dev.infra.dns.addZone(zn, { provider });
      deps.out(o.json ? json(summary) : `Managing ${summary.zone} on ${summary.provider} (${summary.records} records)`);
    });

  dns.command('records <zone>').description('List records in a zone').option('--json', 'print JSON')
    .action(async (zone: string, o: { json?: boolean }) => {
      const records = await (await ctx.client()).dev.infra.dns.records(parseOptions(zoneSchema, zone, 'zone'));
      deps.out(o.json ? json(records) : recordsTable(records));
    });

  dns.command('set <zone>').description('Create or update a record (upsert)')
    .requiredOption('--type <type>', `record type (${RECORD_TYPES.join(', ')})`)
    .requiredOption('--name <name>', "record name relative to the zone ('@' for the apex)")
    .requiredOption('--content <content>', 'record value')
    .option('--ttl <seconds>', 'TTL in seconds (default 300)')
    .option('--priority <n>', 'MX priority')
    .option('--proxied', `proxy through ${nameList(PROXYING_PROVIDERS)}`)
    .option('--no-proxied', `do not proxy through ${nameList(PROXYING_PROVIDERS)}`)
    .option('--json', 'print JSON')
    .action(async (zone: string, o: Record<string, any>) => {
      const zn = parseOptions(zoneSchema, zone, 'zone');
      const record = parseOptions(recordInputSchema, stripUndefined({
        type: parseOptions(recordTypeSchema, String(o.type).toUpperCase(), 'record'),
        name: o.name, content: o.content,
        ttl: o.ttl === undefined ? undefined : parseOptions(intString('--ttl', 1, 86400), o.ttl),
        priority: o.priority === undefined ? undefined : parseOptions(intString('--priority', 0, 65535), o.priority),
        // commander sets `proxied: true` by default once --no-proxied exists; only pass what was typed.
        proxied: explicitProxied(dns, o.proxied),
      }), 'record');
      const saved = await (await ctx.client()).dev.infra.dns.set(zn, record);
      deps.out(o.json ? json(saved) : recordsTable([saved]));
    });

  dns.command('delete <zone>').description('Delete records of a name and type')
    .requiredOption('--type <type>', 'record type')
    .requiredOption('--name <name>', 'record name')
    .option('--content <content>', 'only the record with this value')
    .action(async (zone: string, o: { type: string; name: string; content?: string }) => {
      const zn = parseOptions(zoneSchema, zone, 'zone');
      const type = parseOptions(recordTypeSchema, o.type.toUpperCase(), 'record');
      const name = parseOptions(z.string().trim().min(1, 'name is empty').max(253), o.name, 'record');
      await (await ctx.client()).dev.infra.dns.delete(zn, stripUndefined({ type, name, content: o.content }));
      deps.out(`Deleted ${type} ${name}${o.content ? ` ${o.content}` : ''} from ${zn}`);
    });

  dns.command('check <fqdn>').description('Check propagation at resolvers')
    .option('--type <type>', 'record type (default A)')
    .option('--expected <value>', 'the value that should be served')
    .option('--resolver <address>', 'resolver to ask (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (fqdn: string, o: { type?: string; expected?: string; resolver: string[]; json?: boolean }) => {
      const name = parseOptions(fqdnSchema, fqdn, 'name');
      const type = o.type === undefined ? undefined : parseOptions(recordTypeSchema, o.type.toUpperCase(), 'record');
      const resolvers = o.resolver.length ? parseOptions(z.array(resolverSchema).max(20), o.resolver, 'resolver') : undefined;
      const p = await (await ctx.client()).dev.infra.dns.checkPropagation(name, stripUndefined({ type, expected: o.expected, resolvers }));
      deps.out(o.json ? json(p) : propagationTable(p));
    });

  decisionOptions(dns.command('set-many <zone>').description('Apply a records file as one plan'), dnsSetMany)
    .requiredOption('--file <path>', 'JSON file: [{ "type", "name", "content", "ttl"? }, ...]')
    .option('--dry-run', 'show the plan only')
    .option('--prune', 'also delete records of the zone not in the file')
    .option('--json', 'print JSON')
    .action(async (zone: string, o: { file: string; dryRun?: boolean; prune?: boolean; yes?: boolean; json?: boolean }) => {
      const zn = parseOptions(zoneSchema, zone, 'zone');
      const read = deps.readFile ?? ((p: string) => import('node:fs/promises').then((fs) => fs.readFile(p, 'utf8')));
      let parsed: unknown;
      try {
        parsed = JSON.parse(await read(o.file));
      } catch (err) {
        throw new InfraError('INFRA_INVALID_INPUT', `Cannot read records from ${o.file}: ${(err as Error).message}`);
      }
      const records = parseOptions(recordsFileSchema, parsed, `records in ${o.file}`);
      const plan = await runOperation(ctx, dnsSetMany, { zone: zn, records, dryRun: o.dryRun, prune: o.prune }, o);
      if (!plan) return;
      if (o.json) return deps.out(json(plan));
      const head = plan.changes.length === 0 ? `${zn} is up to date` : plan.applied ? `Applied ${plan.changes.length} changes to ${zn}` : `Plan for ${zn} (not applied)`;
      deps.out([head, plan.description, plan.unsafe ? 'This plan is unsafe (many changes or NS at the apex).' : ''].filter(Boolean).join('\n'));
    });

  dns.command('wait <fqdn>').description('Wait until a name has propagated')
    .option('--type <type>', 'record type (default A)')
    .option('--expected <value>', 'the value that should be served')
    .option('--timeout <duration>', 'give up after, e.g. 2m')
    .option('--json', 'print JSON')
    .action(async (fqdn: string, o: { type?: string; expected?: string; timeout?: string; json?: boolean }) => {
      const name = parseOptions(fqdnSchema, fqdn, 'name');
      const type = o.type === undefined ? undefined : parseOptions(recordTypeSchema, o.type.toUpperCase(), 'record');
      const timeout = o.timeout === undefined ? undefined : String(parseOptions(durationSchema, o.timeout, '--timeout'));
      const p = await (await ctx.client()).dev.infra.dns.waitForPropagation(name, stripUndefined({
        type, expected: o.expected, timeout, onProgress: progressPrinter(deps.err),
      }));
      deps.out(o.json ? json(p) : propagationTable(p));
    });

  return dns;
}

/** `--proxied`/`--no-proxied` as typed, or undefined when neither was (commander defaults it to true). */
function explicitProxied(dns: Command, value: unknown): boolean | undefined {
  const set = dns.commands.find((c) => c.name() === 'set');
  return set?.getOptionValueSource('proxied') === 'cli' ? Boolean(value) : undefined;
}
