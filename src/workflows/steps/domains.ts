/**
 * Domain registration steps shared by registerDomain and launchWithDomain: the authoritative
 * check and quote, the idempotent order, and the durable poll of the registrar's workflow.
 */
import { sleep } from '@temporalio/workflow';
import type { DomainCheck, DomainRegistration, RegisterDomainRequest } from '../../domain/domains';
import { fromMinor, formatMoney, times, type Money } from '../../domain/money';
import type { Operation } from '../operation';
import { durationMs, infraFailure } from '../operation';
import { reads, writes } from '../proxies';

/** What the human confirms: exact prices, the total, and that it cannot be refunded. */
export interface DomainQuote {
  domain: string;
  years: number;
  pricePerYear: Money;
  total: Money;
  renewalPerYear: Money;
  autoRenew: boolean;
  privacy: boolean;
  nonRefundable: true;
}

const WHY: Record<string, [string, string]> = {
  domain_unavailable: ['INFRA_CONFLICT', 'is already registered'],
  domain_premium: ['INFRA_INVALID_INPUT', 'is a premium name, which the registrar API cannot buy (use its dashboard)'],
  extension_not_supported_via_api: ['INFRA_INVALID_INPUT', 'has an extension the registrar sells only in its dashboard'],
  extension_not_supported: ['INFRA_INVALID_INPUT', 'has an extension the registrar does not sell'],
  extension_disallows_registration: ['INFRA_INVALID_INPUT', 'has an extension whose registry allows no new registrations'],
};

/**
 * Refuses a name this account holds, then asks the registrar's authoritative check (a search's
 * "available" may be stale) and quotes it. No paid call.
 */
export async function checkAndQuote(op: Operation, provider: string, req: RegisterDomainRequest): Promise<DomainQuote> {
  op.step('check', req.domain);
  const owned = await reads(provider).domainGet({ provider, domain: req.domain });
  if (owned) throw infraFailure('INFRA_CONFLICT', `${req.domain} is already registered in your ${provider} account (${owned.status}); nothing was bought`);
  const [check]: DomainCheck[] = await reads(provider).domainCheck({ provider, domains: [req.domain] });
  if (!check?.available || !check.pricing) {
    const [code, why] = WHY[check?.reason ?? 'domain_unavailable'] ?? WHY.domain_unavailable;
    throw infraFailure(code, `${req.domain} ${why}; nothing was bought`, { data: { domain: req.domain, reason: check?.reason } });
  }
  const { registration, renewal } = check.pricing;
  return {
    domain: req.domain, years: req.years, pricePerYear: registration, total: times(registration, req.years), renewalPerYear: renewal,
    autoRenew: req.autoRenew, privacy: req.privacy, nonRefundable: true,
  };
}

/** The confirmation line: domain, years, price per year, total, renewal, auto-renew, non-refundable. */
export function quoteLine(q: DomainQuote): string {
  return `Register ${q.domain} for ${q.years} year${q.years > 1 ? 's' : ''} at ${formatMoney(q.pricePerYear)}/year (total ${formatMoney(q.total)}; renews at ${formatMoney(q.renewalPerYear)}/year, auto-renew ${q.autoRenew ? 'on' : 'off'})? Registrations are non-refundable.`;
}

/** The quote as confirmation data (amounts as exact decimal strings). */
export function quoteData(q: DomainQuote): Record<string, unknown> {
  return {
    domain: q.domain, years: q.years, currency: q.pricePerYear.currency, pricePerYear: q.pricePerYear.amount, total: q.total.amount,
    renewalPerYear: q.renewalPerYear.amount, autoRenew: q.autoRenew, privacy: q.privacy, nonRefundable: true,
  };
}

/** Polling intervals: quick while pending, longer while the registry blocks. */
const BACKOFF = { first: 1000, factor: 1.5, max: 30_000, blockedFirst: 10_000, blockedMax: 300_000 };

/**
 * Orders (look before buying, in the activity) and polls with durable timers. `blocked` keeps
 * polling at longer intervals, `action_required` stops with what the registrar asks for,
 * `failed` ends typed. Returns the spec's result once succeeded.
 */
export async function buyAndWait(op: Operation, provider: string, req: RegisterDomainRequest, timeout = '24h'): Promise<DomainRegistration> {
  op.step('register', req.domain);
  op.wait('provider', `ordering ${req.domain}`);
  const { ordered, progress } = await writes(provider).domainRegister({
    provider, domain: req.domain, years: req.years, autoRenew: req.autoRenew, privacy: req.privacy, ...(req.registrant ? { registrant: req.registrant } : {}),
  });
  op.progress.created.push({ kind: 'domain', id: req.domain, description: `domain ${req.domain} (${ordered ? 'ordered' : 'found already ordered'}; non-refundable)` });
  op.step('wait-registration', req.domain);
  const deadline = Date.now() + durationMs(timeout);
  let state = progress;
  let interval = BACKOFF.first;
  while (state.state !== 'succeeded') {
    if (state.state === 'failed') {
      throw infraFailure('INFRA_PROVIDER_ERROR', `${provider} could not register ${req.domain}: ${state.error?.message ?? 'failed'} (${state.error?.code ?? 'no code'})`, { providerCode: state.error?.code, provider });
    }
    if (state.state === 'action_required') {
      const message = state.action?.message ?? 'the registrar needs you to act in its dashboard';
      op.wait('action', message);
      throw infraFailure('INFRA_ACTION_REQUIRED', `${provider} needs you to act before ${req.domain} is registered: ${message}. Nothing more will be ordered; check it later with: fazt dev infra domain get ${req.domain}`, {
        provider, hint: `fazt dev infra domain get ${req.domain}`, data: { domain: req.domain, action: state.action },
      });
    }
    if (Date.now() > deadline) throw infraFailure('INFRA_TIMEOUT', `${req.domain} is still ${state.state} at ${provider} after ${timeout}; the order stands (it is not canceled)`);
    const blocked = state.state === 'blocked';
    op.wait('provider', `${req.domain}: ${state.state}${blocked ? ' (the registry is holding it; polling less often)' : ''}`);
    interval = blocked ? Math.min(BACKOFF.blockedMax, Math.max(BACKOFF.blockedFirst, interval * BACKOFF.factor)) : Math.min(BACKOFF.max, interval * BACKOFF.factor);
    await sleep(interval);
    state = (await reads(provider).domainStatus({ provider, domain: req.domain })) ?? state;
  }
  op.wait(null);
  const owned = await reads(provider).domainGet({ provider, domain: req.domain });
  if (!owned) throw infraFailure('INFRA_PROVIDER_ERROR', `${provider} reports ${req.domain} registered but does not list it`);
  return { domain: owned.domain, status: owned.status, expiresAt: owned.expiresAt, autoRenew: owned.autoRenew, nameservers: owned.nameservers };
}

/** Makes the new domain a managed DNS zone at the registrar's DNS (free). */
export async function addZone(op: Operation, provider: string, domain: string): Promise<string> {
  op.step('add-zone', domain);
  const z = await writes(provider).dnsAddZone({ zone: domain, provider });
  return z.zone;
}

/** `0.00 USD` in the quote's currency (for sums that may be empty). */
export const zero = (currency: string): Money => fromMinor(0, currency);
