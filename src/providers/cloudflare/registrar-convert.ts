/** Pure wire ↔ domain conversion for the Registrar API (SDK `resources/registrar` types). */
import type { Registration, RegistrarCheckResponse, WorkflowStatus } from 'cloudflare/resources/registrar/registrar';
import type { RegistrationCreateParams } from 'cloudflare/resources/registrar/registrations';
import type { DomainCheck, DomainStatus, OwnedDomain, Registrant, RegistrarProgress } from '../../domain/domains';
import { asNumber, parseMoney } from '../../domain/money';

type CheckItem = RegistrarCheckResponse.Domain;

export function checkFromWire(d: CheckItem): DomainCheck {
  const out: DomainCheck = { domain: d.name, available: d.registrable };
  if (d.tier) out.premium = d.tier === 'premium';
  if (d.reason) out.reason = d.reason;
  if (d.registrable && d.pricing) {
    const registration = parseMoney(d.pricing.registration_cost, d.pricing.currency);
    const renewal = parseMoney(d.pricing.renewal_cost, d.pricing.currency);
    Object.assign(out, { price: asNumber(registration), currency: registration.currency, renewalPrice: asNumber(renewal), pricing: { registration, renewal } });
  }
  return out;
}

const STATUS: Record<Registration['status'], DomainStatus> = {
  active: 'registered', registration_pending: 'pending', transfer_pending: 'transfer-pending', expired: 'expired',
  suspended: 'suspended', redemption_period: 'redemption', pending_delete: 'pending-delete',
};

export function ownedFromWire(r: Registration, nameservers: string[]): OwnedDomain {
  return {
    domain: r.domain_name, status: STATUS[r.status] ?? 'pending', expiresAt: r.expires_at ? r.expires_at.slice(0, 10) : null,
    autoRenew: r.auto_renew, nameservers, locked: r.locked, privacy: r.privacy_mode === 'redaction', createdAt: r.created_at,
  };
}

export function progressFromWire(domain: string, w: WorkflowStatus): RegistrarProgress {
  const out: RegistrarProgress = { domain, state: w.state, completed: w.completed, updatedAt: w.updated_at };
  const action = (w.context as { action?: { type?: unknown; message?: unknown } } | undefined)?.action;
  if (w.state === 'action_required') {
    out.action = {
      ...(typeof action?.type === 'string' ? { type: action.type } : {}),
      message: typeof action?.message === 'string' ? action.message : 'Cloudflare needs you to act on this registration in its dashboard',
    };
  }
  if (w.error) out.error = { code: w.error.code, message: w.error.message };
  return out;
}

/** The spec's registrant as a Cloudflare contact. */
export function contactToWire(r: Registrant): NonNullable<RegistrationCreateParams['contacts']>['registrant'] {
  return {
    email: r.email, phone: r.phone,
    postal_info: {
      name: `${r.firstName} ${r.lastName}`, ...(r.organization ? { organization: r.organization } : {}),
      address: { street: r.address, city: r.city, state: r.state, postal_code: r.postalCode, country_code: r.country },
    },
  };
}
