/**
 * `domain.register`: validate → authoritative check and quote → one human confirmation (domain,
 * years, exact price per year and total, renewal, auto-renew, non-refundable) → order, looking
 * before buying → durable poll of the registrar's workflow → optionally a managed DNS zone.
 * Registrant data stays in this input and the order activity's; never in ids, attributes or messages.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { registerDomainSchema, type DomainRegistration, type RegisterDomainRequest } from '../domain/domains';
import { domainRegister } from '../operations/catalogue';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { validated } from './failures';
import { Operation } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping } from './proxies';
import { addZone, buyAndWait, checkAndQuote, quoteData, quoteLine } from './steps/domains';

export interface RegisterDomainInput {
  request: RegisterDomainRequest;
  confirmationTimeout?: string;
  /** How long to poll a pending registration. @default '24h' */
  registrationTimeout?: string;
}

export async function registerDomain(input: RegisterDomainInput): Promise<DomainRegistration> {
  const op = new Operation(domainRegister.name, input.request.zone ? 6 : 5);
  op.step('validate');
  const req = validated(registerDomainSchema, input.request, 'domain registration');
  const provider = await bookkeeping.chooseProvider({ kind: 'domain', provider: req.provider });
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [provider], [SEARCH_ATTRIBUTES.operation]: [domainRegister.name], [SEARCH_ATTRIBUTES.zone]: [req.domain] });
  const cfg = await bookkeeping.infraConfig();

  const quote = await checkAndQuote(op, provider, req);
  op.step('confirm');
  await op.confirm(domainRegister.name, quoteLine(quote), { provider, ...quoteData(quote) },
    input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);

  const result = await buyAndWait(op, provider, req, input.registrationTimeout);
  if (req.zone) result.zone = await addZone(op, provider, req.domain);
  op.finish();
  return result;
}
