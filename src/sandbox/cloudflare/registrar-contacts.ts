/**
 * Validation of a registration request body the way the registrar answers it: years 1–10, the
 * contact shape (email, `+CC.NUMBER` phone, postal info with an ISO 3166 alpha-2 country), and
 * on the `registrar-sandbox` surface contacts are required (no account address book there).
 */
import { CF, reject } from './envelope';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+\d{1,3}\.\d{4,14}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** Checks one contact; returns problems as `contacts.<role>.<field> ...` lines. */
function contactProblems(role: string, c: any): string[] {
  const p = `contacts.${role}`;
  if (!c || typeof c !== 'object') return [`${p} must be an object`];
  const out: string[] = [];
  if (typeof c.email !== 'string' || !EMAIL.test(c.email)) out.push(`${p}.email is not an email address`);
  if (typeof c.phone !== 'string' || !PHONE.test(c.phone)) out.push(`${p}.phone must look like +1.5555555555`);
  const info = c.postal_info;
  if (!info || typeof info !== 'object') return [...out, `${p}.postal_info is required`];
  if (typeof info.name !== 'string' || !info.name.trim()) out.push(`${p}.postal_info.name is required`);
  const a = info.address;
  if (!a || typeof a !== 'object') return [...out, `${p}.postal_info.address is required`];
  for (const f of ['street', 'city', 'state', 'postal_code']) if (typeof a[f] !== 'string' || !a[f].trim()) out.push(`${p}.postal_info.address.${f} is required`);
  if (typeof a.country_code !== 'string' || !COUNTRY.test(a.country_code)) out.push(`${p}.postal_info.address.country_code must be an ISO 3166-1 alpha-2 code`);
  return out;
}

export interface RegistrationBody {
  domain_name: string;
  years: number;
  auto_renew: boolean;
  privacy_mode: 'off' | 'redaction';
}

/** The validated body, or a 400 listing every problem (code 10005 unverified). */
export function parseRegistrationBody(b: any, contactsRequired: boolean): RegistrationBody {
  if (!b || typeof b !== 'object' || Array.isArray(b)) reject(400, CF.badBody('expected a JSON object'));
  const problems: string[] = [];
  if (typeof b.domain_name !== 'string' || !b.domain_name.trim()) problems.push('domain_name is required');
  const years = b.years ?? 1;
  if (!Number.isInteger(years) || years < 1 || years > 10) problems.push('years must be an integer from 1 to 10');
  if (b.auto_renew !== undefined && typeof b.auto_renew !== 'boolean') problems.push('auto_renew must be a boolean');
  if (b.privacy_mode !== undefined && !['off', 'redaction'].includes(b.privacy_mode)) problems.push('privacy_mode must be off or redaction');
  const contacts = b.contacts;
  if (contacts === undefined) {
    if (contactsRequired) problems.push('contacts.registrant is required');
  } else if (!contacts || typeof contacts !== 'object') {
    problems.push('contacts must be an object');
  } else {
    if (contacts.registrant === undefined && contactsRequired) problems.push('contacts.registrant is required');
    for (const role of ['registrant', 'administrator', 'technical', 'billing']) {
      if (contacts[role] !== undefined) problems.push(...contactProblems(role, contacts[role]));
    }
  }
  // Problems name fields only, never the values (they are personal data).
  if (problems.length > 0) reject(400, ...problems.map((message) => ({ code: 10005, message })));
  return { domain_name: b.domain_name.trim().toLowerCase().replace(/\.$/, ''), years, auto_renew: b.auto_renew ?? false, privacy_mode: b.privacy_mode ?? 'redaction' };
}
