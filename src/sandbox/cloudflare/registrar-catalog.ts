/**
 * What the sandbox registrar sells: per-extension prices (decimal strings, as Cloudflare sends
 * them), the extensions the API cannot register (provider-api-notes §4.6), premium and taken
 * names, and the suggestions `domain-search` makes from a query. Pure data and pure functions.
 *
 * Scripted outcomes by the first label's prefix (documented in README's sandbox section):
 * `slow-` registers after the sync window (202, then pending → in_progress → succeeded),
 * `blocked-` passes through `blocked` before succeeding, `action-` stops in `action_required`,
 * `fail-` ends `failed`. `taken-` names and a fixed list are registered elsewhere; first labels
 * of 1–3 characters and `premium-` names are premium.
 */

export interface Price {
  registration: string;
  renewal: string;
}

/** At-cost prices in USD per year; `.com` and `.io`/`.dev` as the spec's examples. */
export const PRICES: Readonly<Record<string, Price>> = {
  com: { registration: '10.11', renewal: '10.11' },
  net: { registration: '11.84', renewal: '11.84' },
  org: { registration: '10.11', renewal: '10.11' },
  io: { registration: '32.00', renewal: '50.00' },
  dev: { registration: '12.00', renewal: '12.00' },
  app: { registration: '14.00', renewal: '14.00' },
  xyz: { registration: '1.00', renewal: '13.20' },
  co: { registration: '22.49', renewal: '28.03' },
};

/** Dashboard-only extensions (CF-TS registrar docs). */
export const DASHBOARD_ONLY = ['giving', 'mom', 'inc', 'lol', 'sh', 'link', 'cc', 'new'];
/** Extensions whose registry refuses new registrations by anyone. */
export const DISALLOWED = ['gov', 'edu', 'mil', 'int'];
/** Premium names cost more than these prices; Cloudflare's API refuses them. */
const PREMIUM_PRICE: Price = { registration: '2500.00', renewal: '120.00' };
/** Registered at another registrar. */
const TAKEN = new Set(['example.com', 'example.net', 'example.org', 'google.com', 'cloudflare.com', 'mystartup.com', 'my-startup.co']);

export type Reason = 'extension_not_supported_via_api' | 'extension_not_supported' | 'extension_disallows_registration' | 'domain_premium' | 'domain_unavailable';

export interface CheckItem {
  name: string;
  registrable: boolean;
  tier?: 'standard' | 'premium';
  pricing?: { currency: string; registration_cost: string; renewal_cost: string };
  reason?: Reason;
}

export type Script = 'instant' | 'slow' | 'blocked' | 'action' | 'fail';

/** The scripted outcome of registering `name`. */
export function scriptFor(name: string): Script {
  const first = name.split('.')[0];
  for (const s of ['slow', 'blocked', 'action', 'fail'] as const) if (first.startsWith(`${s}-`)) return s;
  return 'instant';
}

/** The extension of a name: everything after the first label (`co.uk` stays whole). */
export function extensionOf(name: string): string {
  return name.split('.').slice(1).join('.');
}

/** One authoritative answer; `owned(name)` says whether this sandbox account holds it. */
export function checkName(raw: string, owned: (name: string) => boolean): CheckItem {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  const ext = extensionOf(name);
  const first = name.split('.')[0];
  if (!ext || !first) return { name, registrable: false, reason: 'extension_not_supported' };
  if (DASHBOARD_ONLY.includes(ext)) return { name, registrable: false, reason: 'extension_not_supported_via_api' };
  if (DISALLOWED.includes(ext)) return { name, registrable: false, reason: 'extension_disallows_registration' };
  const price = PRICES[ext];
  if (!price) return { name, registrable: false, reason: 'extension_not_supported' };
  if (TAKEN.has(name) || first.startsWith('taken-') || owned(name)) return { name, registrable: false, tier: 'standard', reason: 'domain_unavailable' };
  if (first.length <= 3 || first.startsWith('premium-')) {
    return { name, registrable: false, tier: 'premium', reason: 'domain_premium', pricing: pricing(PREMIUM_PRICE) };
  }
  return { name, registrable: true, tier: 'standard', pricing: pricing(price) };
}

function pricing(p: Price): CheckItem['pricing'] {
  return { currency: 'USD', registration_cost: p.registration, renewal_cost: p.renewal };
}

/**
 * Suggestions for a query: the query as a label (spaces and dots become hyphens) in the popular
 * extensions, then the label without hyphens, then prefixed variants. Non-authoritative: a name
 * registered a moment ago may still be listed as registrable (the real search is cached).
 */
export function suggest(q: string, extensions: string[], limit: number, owned: (name: string) => boolean): CheckItem[] {
  const label = q.trim().toLowerCase().replace(/[\s._]+/g, '-').replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 63);
  if (!label) return [];
  const exts = extensions.length > 0 ? extensions : ['com', 'io', 'dev', 'app', 'net'];
  const labels = [label, label.replace(/-/g, ''), `get${label}`, `${label}hq`].filter((l, i, all) => l && all.indexOf(l) === i);
  const names = labels.flatMap((l) => exts.map((e) => `${l}.${e}`));
  // Search answers from a cache: registrations in this account are not seen yet.
  return names.slice(0, limit).map((n) => checkName(n, (x) => x !== n && owned(x)));
}
