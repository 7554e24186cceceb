/**
 * Domains (the spec's "Infrastructure: Domain"): the shapes every surface shows and the zod
 * schemas of their inputs. Names are checked as ASCII (IDN → punycode) before any provider call;
 * registrant data is personal data and stays in workflow inputs only (never in ids, search
 * attributes, messages or the audit trail). Pure: workflows use it.
 */
import { z } from 'zod';
import type { Money } from './money';
import { domainNameProblem } from './names';
import { toAsciiDomain } from './punycode';
import { launchSchema } from './validate';

/** Why a name cannot be registered (Cloudflare's `reason`). */
export type UnavailableReason = 'extension_not_supported_via_api' | 'extension_not_supported' | 'extension_disallows_registration' | 'domain_premium' | 'domain_unavailable';

/** One availability answer: the spec's `{domain, available, price, currency, premium}` plus exact prices. */
export interface DomainCheck {
  domain: string;
  available: boolean;
  /** Registration price per year as a number (the decimal read once, for the spec's shape). */
  price?: number;
  currency?: string;
  premium?: boolean;
  /** Renewal price per year. */
  renewalPrice?: number;
  /** The exact amounts behind `price` and `renewalPrice`. */
  pricing?: { registration: Money; renewal: Money };
  reason?: UnavailableReason;
}

/** The spec's registration states: `registered` is Cloudflare's `active`. */
export type DomainStatus = 'registered' | 'pending' | 'transfer-pending' | 'expired' | 'suspended' | 'redemption' | 'pending-delete';

/** A domain in the account (list, get, and the end of register). */
export interface OwnedDomain {
  domain: string;
  status: DomainStatus;
  /** `YYYY-MM-DD`; null while the registration is pending. */
  expiresAt: string | null;
  autoRenew: boolean;
  nameservers: string[];
  locked: boolean;
  privacy: boolean;
  createdAt: string;
}

/** A registrar workflow's state (Cloudflare's WorkflowStatus). */
export type RegistrarState = 'pending' | 'in_progress' | 'action_required' | 'blocked' | 'succeeded' | 'failed';

export interface RegistrarProgress {
  domain: string;
  state: RegistrarState;
  completed: boolean;
  /** What the registrar asks a human to do (`action_required`). */
  action?: { type?: string; message: string };
  error?: { code: string; message: string };
  updatedAt: string;
}

/** `register`'s result: the spec's shape. */
export interface DomainRegistration {
  domain: string;
  status: DomainStatus;
  expiresAt: string | null;
  autoRenew: boolean;
  nameservers: string[];
  /** Set when `zone: true` made it a managed DNS zone. */
  zone?: string;
}

/** A domain name as the registrar sees it: trimmed, lowercase, no trailing dot, IDN as punycode. */
export const domainNameSchema = z.string().transform((s, ctx) => {
  const raw = s.trim().replace(/\.$/, '');
  if (raw.endsWith('.')) ctx.addIssue({ code: 'custom', message: `domain "${s}" has more than one trailing dot` });
  const ascii = toAsciiDomain(raw);
  const p = domainNameProblem(ascii);
  if (p) ctx.addIssue({ code: 'custom', message: `domain "${s.slice(0, 80)}" ${p}` });
  return ascii;
});

export const yearsSchema = z.number().int('years must be a whole number').min(1, 'years must be 1 to 10').max(10, 'years must be 1 to 10');

/** The spec's registrant; every field but organization and state is required. */
export const registrantSchema = z.object({
  firstName: z.string().trim().min(1, 'registrant.firstName is required').max(60),
  lastName: z.string().trim().min(1, 'registrant.lastName is required').max(60),
  organization: z.string().trim().max(100).optional(),
  email: z.string().trim().max(90).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'registrant.email is not an email address'),
  phone: z.string().trim().regex(/^\+\d{1,3}\.\d{4,14}$/, 'registrant.phone must look like +1.5555555555 (+country code, a dot, the number)'),
  address: z.string().trim().min(1, 'registrant.address is required').max(200),
  city: z.string().trim().min(1, 'registrant.city is required').max(100),
  state: z.string().trim().max(100).default(''),
  postalCode: z.string().trim().min(1, 'registrant.postalCode is required').max(20),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'registrant.country must be an ISO 3166-1 alpha-2 code like US'),
}).strict();
export type Registrant = z.infer<typeof registrantSchema>;

/** `domain.register({...})`. Without a registrant, the account's default contact is used. */
export const registerDomainSchema = z.object({
  domain: domainNameSchema,
  years: yearsSchema.default(1),
  autoRenew: z.boolean().default(false),
  privacy: z.boolean().default(true),
  registrant: registrantSchema.optional(),
  /** Make it a managed DNS zone once registered. */
  zone: z.boolean().optional(),
  provider: z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}$/, 'is not a provider name').optional(),
}).strict();
export type RegisterDomainRequest = z.infer<typeof registerDomainSchema>;

export const transferDomainSchema = z.object({
  domain: domainNameSchema,
  authCode: z.string().trim().min(1, 'authCode is required').max(255),
  registrant: registrantSchema.optional(),
  provider: z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}$/, 'is not a provider name').optional(),
}).strict();
export type TransferDomainRequest = z.infer<typeof transferDomainSchema>;

/** Search: a free-text query (not a name). */
export const domainQuerySchema = z.string().trim().min(1, 'the search query is empty').max(63, 'the search query is longer than 63 characters');

/** The registrant field names the audit sanitizer masks (personal data). */
export const REGISTRANT_FIELDS = ['registrant', 'firstName', 'lastName', 'organization', 'email', 'phone', 'address', 'city', 'state', 'postalCode', 'country', 'contacts', 'authCode'] as const;

/**
 * `launch <fqdn> --register`: the launch input plus the registration of the domain it lives in
 * (`domain`, default: the last two labels of the fqdn).
 */
export const launchRegisterSchema = z.object({
  app: launchSchema,
  domain: domainNameSchema.optional(),
  years: yearsSchema.default(1),
  autoRenew: z.boolean().default(false),
  privacy: z.boolean().default(true),
  registrant: registrantSchema.optional(),
}).strict();
export type LaunchRegisterRequest = z.infer<typeof launchRegisterSchema>;
