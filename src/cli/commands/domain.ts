/**
 * `fazt dev infra domain …`: check, search, register (asks for confirmation), list, get,
 * update --auto-renew on|off, transfer. Tables by default, `--json` for scripts. Registrant
 * details are passed on to the operation and never printed.
 */
import type { Command } from 'commander';
import type { DomainCheck, OwnedDomain } from '../../domain/domains';
import { InfraError } from '../../domain/errors';
import { domainRegister, domainTransfer } from '../../operations/catalogue';
import type { CliContext } from '../context';
import { decisionOptions, runOperation } from '../decisions';
import { json, keyValues, table } from '../output';
import { stripUndefined } from './vps';

/** Exact amounts when known (`10.11 USD`), else the number. */
const price = (d: DomainCheck, which: 'registration' | 'renewal') => d.pricing ? `${d.pricing[which].amount} ${d.pricing[which].currency}` : '-';

function checkView(d: DomainCheck): Record<string, unknown> {
  return stripUndefined({
    domain: d.domain, available: d.available, price: d.pricing ? price(d, 'registration') + '/year' : undefined,
    renewal: d.pricing ? price(d, 'renewal') + '/year' : undefined, premium: d.premium, reason: d.reason,
  });
}

export function domainsTable(domains: OwnedDomain[]): string {
  return table(domains, [
    { header: 'DOMAIN', value: (d) => d.domain },
    { header: 'STATUS', value: (d) => d.status },
    { header: 'EXPIRES', value: (d) => d.expiresAt ?? '-' },
    { header: 'AUTO-RENEW', value: (d) => (d.autoRenew ? 'on' : 'off') },
    { header: 'NAMESERVERS', value: (d) => d.nameservers.join(', ') || '-' },
  ], 'No domains.');
}

const onOff = (v: string): boolean => {
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new InfraError('INFRA_INVALID_INPUT', `--auto-renew must be on or off, not "${v.slice(0, 20)}"`);
};

/** The registrant from flags; undefined when none is given (the account's default contact). */
function registrantOf(o: Record<string, string | undefined>): Record<string, string> | undefined {
  const r = stripUndefined({
    firstName: o.firstName, lastName: o.lastName, organization: o.organization, email: o.email, phone: o.phone,
    address: o.address, city: o.city, state: o.state, postalCode: o.postalCode, country: o.country,
  });
  return Object.keys(r).length ? (r as Record<string, string>) : undefined;
}

export function registerDomainCommand(infra: Command, ctx: CliContext): Command {
  const { deps } = ctx;
  const domain = infra.command('domain').description('Domain registration');

  domain.command('check <domain>').description('Availability and exact price (authoritative)').option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const r = await (await ctx.client()).dev.infra.domain.check(name);
      deps.out(o.json ? json(r) : keyValues(checkView(r)));
    });

  domain.command('search <query>').description('Suggest names (not authoritative: register checks again)').option('--json', 'print JSON')
    .action(async (query: string, o: { json?: boolean }) => {
      const r = await (await ctx.client()).dev.infra.domain.search(query);
      deps.out(o.json ? json(r) : table(r, [
        { header: 'DOMAIN', value: (d) => d.domain },
        { header: 'AVAILABLE', value: (d) => (d.available ? 'yes' : 'no') },
        { header: 'PRICE/YR', value: (d) => price(d, 'registration'), align: 'right' },
        { header: 'RENEWAL/YR', value: (d) => price(d, 'renewal'), align: 'right' },
        { header: 'NOTE', value: (d) => d.reason ?? (d.premium ? 'premium' : '') },
      ], 'No suggestions.'));
    });

  decisionOptions(domain.command('register <domain>').description('Register a domain (costs money; asks for confirmation)'), domainRegister)
    .option('--years <n>', 'registration period, 1 to 10', '1')
    .option('--auto-renew', 'renew automatically before expiry')
    .option('--no-privacy', 'publish the registrant in WHOIS (default: redacted)')
    .option('--zone', 'make it a managed DNS zone once registered')
    .option('--first-name <s>').option('--last-name <s>').option('--organization <s>').option('--email <s>')
    .option('--phone <s>', 'like +1.5555555555').option('--address <s>').option('--city <s>').option('--state <s>')
    .option('--postal-code <s>').option('--country <cc>', 'ISO 3166-1 alpha-2, e.g. US')
    .option('--json', 'print JSON')
    .action(async (name: string, o: Record<string, any>) => {
      const years = /^\d+$/.test(o.years) ? Number(o.years) : NaN;
      const input = stripUndefined({ domain: name, years, autoRenew: !!o.autoRenew, privacy: o.privacy !== false, zone: o.zone, registrant: registrantOf(o) });
      const r = await runOperation(ctx, domainRegister, input as never, o);
      if (r) deps.out(o.json ? json(r) : `Registered ${r.domain}\n${keyValues(r as never)}`);
    });

  domain.command('list').description('Domains in the account').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await (await ctx.client()).dev.infra.domain.list();
      deps.out(o.json ? json(r) : domainsTable(r));
    });

  domain.command('get <domain>').description('One domain').option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const r = await (await ctx.client()).dev.infra.domain.get(name);
      deps.out(o.json ? json(r) : keyValues(r as never));
    });

  domain.command('update <domain>').description('Turn auto-renew on or off').requiredOption('--auto-renew <on|off>', 'on or off').option('--json', 'print JSON')
    .action(async (name: string, o: { autoRenew: string; json?: boolean }) => {
      const r = await (await ctx.client()).dev.infra.domain.update(name, { autoRenew: onOff(o.autoRenew) });
      deps.out(o.json ? json(r) : `Auto-renew for ${r.domain} is ${r.autoRenew ? 'on' : 'off'}`);
    });

  decisionOptions(domain.command('transfer <domain>').description('Transfer a domain in from another registrar'), domainTransfer)
    .requiredOption('--auth-code <code>', 'EPP auth code from the current registrar').option('--json', 'print JSON')
    .action(async (name: string, o: Record<string, any>) => {
      const r = await runOperation(ctx, domainTransfer, { domain: name, authCode: o.authCode }, o);
      if (r) deps.out(o.json ? json(r) : keyValues(r as never));
    });
  return domain;
}
