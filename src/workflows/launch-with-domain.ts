/**
 * `launch <fqdn> --register`, from nothing: validate → check and quote the domain → price the
 * server → ONE confirmation listing the domain price, the server price and the total → register
 * the domain (look before buying) → make it a managed zone → the existing launch flow as a child
 * (approved by this confirmation). Compensation never "un-buys": registrations are
 * non-refundable, so a failure after the purchase says what was bought and keeps it.
 */
import { executeChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { LaunchRegisterResult } from '../client/api';
import { launchRegisterSchema, type LaunchRegisterRequest, type RegisterDomainRequest } from '../domain/domains';
import { formatMoney, moneyFromNumber, sum, type Money } from '../domain/money';
import { relativeName } from '../domain/names';
import { serverDefaultsFor } from '../domain/providers';
import { launchRegister } from '../operations/catalogue';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { validated } from './failures';
import { Operation, infraFailure } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping, reads } from './proxies';
import { addZone, buyAndWait, checkAndQuote, quoteData } from './steps/domains';
import type { launchApp } from './launch-app';

export interface LaunchWithDomainInput {
  request: LaunchRegisterRequest;
  confirmationTimeout?: string;
}

/** Totals per currency (a domain in USD and a server in EUR are not added up). */
function totals(amounts: Money[]): string {
  const byCurrency = [...new Set(amounts.map((a) => a.currency))].map((c) => sum(amounts.filter((a) => a.currency === c)));
  return byCurrency.map(formatMoney).join(' + ');
}

export async function launchWithDomain(input: LaunchWithDomainInput): Promise<LaunchRegisterResult> {
  const op = new Operation(launchRegister.name, 7);
  op.step('validate');
  const req = validated(launchRegisterSchema, input.request, 'launch --register');
  const app = req.app;
  const domain = req.domain ?? app.fqdn.split('.').slice(-2).join('.');
  if (relativeName(app.fqdn, domain) === null) throw infraFailure('INFRA_INVALID_INPUT', `${app.fqdn} is not inside ${domain}`);
  const registrar = await bookkeeping.chooseProvider({ kind: 'domain' });
  const vps = await bookkeeping.chooseProvider({ kind: 'vps', provider: app.provider });
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [vps], [SEARCH_ATTRIBUTES.operation]: [launchRegister.name], [SEARCH_ATTRIBUTES.zone]: [domain] });
  const cfg = await bookkeeping.infraConfig();
  const registration: RegisterDomainRequest = { domain, years: req.years, autoRenew: req.autoRenew, privacy: req.privacy, ...(req.registrant ? { registrant: req.registrant } : {}) };

  const quote = await checkAndQuote(op, registrar, registration);
  op.step('price', app.fqdn);
  const defaults = serverDefaultsFor(vps);
  const type = app.type ?? defaults.type;
  const region = app.region ?? defaults.region;
  const prepared = await reads(vps).vpsPrepareCreate({ provider: vps, type, region });
  const server = moneyFromNumber(prepared.price, prepared.currency);
  const dueNow = totals([quote.total, server]);

  op.step('confirm');
  await op.confirm(launchRegister.name,
    `Launch ${app.fqdn} on a new domain: register ${domain} for ${quote.years} year${quote.years > 1 ? 's' : ''} (${formatMoney(quote.total)}, non-refundable) and create a ${type} server in ${region} at ${vps} (${formatMoney(server)}/month). Total: ${dueNow}?`,
    { fqdn: app.fqdn, domain: { provider: registrar, ...quoteData(quote) }, server: { provider: vps, type, region, monthlyCost: server.amount, currency: server.currency }, total: dueNow },
    input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);

  const bought = await buyAndWait(op, registrar, registration);
  try {
    bought.zone = await addZone(op, registrar, domain);
    op.step('launch', `launch:${app.fqdn}`);
    const launched = await executeChild<typeof launchApp>('launchApp', {
      workflowId: `launch:${app.fqdn}`,
      args: [{ app, confirmationTimeout: input.confirmationTimeout, approvedByParent: workflowInfo().workflowId }],
    });
    op.finish();
    return { domain: bought, launch: launched };
  } catch (err) {
    op.step('compensate', 'the domain is kept');
    const e = err as { cause?: { type?: string; message?: string; cause?: { type?: string; message?: string } }; type?: string; message?: string };
    const inner = e.cause?.cause ?? e.cause ?? e;
    throw infraFailure(inner.type ?? 'INFRA_PROVIDER_ERROR',
      `${inner.message ?? 'launch failed'}. Bought and kept: domain ${domain} (registrations are non-refundable; it is yours until ${bought.expiresAt ?? 'its expiry'})`,
      { data: { bought: [domain] } });
  }
}
