/**
 * Read-side shapes of the config: resolved settings with defaults, the masked view people see,
 * and the fallback tables (env vars, sibling slots) that credential resolution follows.
 */
import { PROVIDERS } from '../domain/providers';
import { mask } from './crypto';
import type { ConfigFile, StoredCredential } from './file';
import { CREDENTIAL_KINDS, KIND_PROVIDERS, SETTING_KEYS, type CredentialKind, type SettingKey } from './keys';

/** Env vars read when the store has no token for a provider, in order (the descriptors' `tokenEnv`). */
export const ENV_FALLBACK: Readonly<Record<string, readonly string[]>> = Object.fromEntries(PROVIDERS.map((d) => [d.name, d.tokenEnv]));

/**
 * Slots that share one API and token (a descriptor's `sharedToken`): Hetzner DNS is part of the
 * Hetzner Cloud API, so `dns.hetzner` falls back to the `vps.hetzner` token when none is stored.
 */
export const SIBLING: Readonly<Record<string, [CredentialKind, string]>> = Object.fromEntries(
  PROVIDERS.filter((d) => d.sharedToken).flatMap((d) => d.kinds.slice(1).map((kind) => [`${kind}.${d.name}`, [d.kinds[0], d.name]])),
);

/** Settings the sandbox writes, removed again when leaving sandbox mode. */
export const SANDBOX_SETTING_KEYS: SettingKey[] = ['infra.ssh.port', 'infra.ssh.user', 'infra.dns.resolvers', 'infra.dns.authoritative'];

/** Settings with defaults applied. */
export interface InfraSettings {
  ssh: { port: number; user: string };
  /** `resolvers` empty means: ask the zone's authoritative servers (or the public defaults). */
  dns: { resolvers: string[]; authoritative: string | null };
  /** How long a workflow waits for a human decision, e.g. `15m`. */
  confirm: { timeout: string };
  sandbox: boolean;
}

/** Setting defaults (what {@link InfraSettings} holds when a key is unset). */
export const SETTING_DEFAULTS = { 'infra.ssh.port': 22, 'infra.ssh.user': 'root', 'infra.dns.resolvers': [] as string[], 'infra.dns.authoritative': null, 'infra.confirm.timeout': '15m' } as const;

/** A managed zone. */
export interface ZoneEntry {
  zone: string;
  provider: string;
  /** The provider's zone id, cached after the first lookup. */
  zoneId?: string;
}

/** One credential slot as people see it. */
export interface CredentialView {
  key: string;
  kind: CredentialKind;
  provider: string;
  /** Masked (`hcl…9f2a`), or null when it cannot be shown (see `error`). */
  token: string | null;
  endpoint: string | null;
  /** The configured account id (providers with accounts), else null: the first the token sees. */
  account: string | null;
  /** `store`, a sibling key (`infra.vps.hetzner`) or `env:HCLOUD_TOKEN`. */
  source: string;
  origin?: 'user' | 'sandbox';
  updatedAt?: string;
  error?: string;
}

/** The masked view of the whole config. */
export interface ConfigView {
  file: string;
  sandbox: boolean;
  credentials: CredentialView[];
  defaults: { vps: string | null; dns: string | null };
  settings: Array<{ key: SettingKey; value: string; isDefault: boolean }>;
  zones: ZoneEntry[];
}

/** Masks one stored token for the view (null: show nothing). */
export type Reveal = (kind: CredentialKind, provider: string, entry: StoredCredential) => { masked?: string; error?: string } | null;

/** Builds the masked view and the resolved settings from a file; `reveal` masks stored tokens. */
export function buildView(cfg: ConfigFile, file: string, env: NodeJS.ProcessEnv, reveal: Reveal): { view: ConfigView; resolved: InfraSettings } {
  const s = cfg.settings;
  const resolved: InfraSettings = {
    ssh: { port: s['infra.ssh.port'] ?? SETTING_DEFAULTS['infra.ssh.port'], user: s['infra.ssh.user'] ?? SETTING_DEFAULTS['infra.ssh.user'] },
    dns: { resolvers: [...(s['infra.dns.resolvers'] ?? [])], authoritative: s['infra.dns.authoritative'] ?? null },
    confirm: { timeout: s['infra.confirm.timeout'] ?? SETTING_DEFAULTS['infra.confirm.timeout'] },
    sandbox: cfg.sandbox,
  };
  const credentials: CredentialView[] = [];
  for (const kind of CREDENTIAL_KINDS) {
    for (const provider of KIND_PROVIDERS[kind]) {
      const row = credentialRow(cfg, env, kind, provider, reveal);
      if (row) credentials.push(row);
    }
  }
  const settings = SETTING_KEYS.map((key) => {
    const v = s[key] ?? SETTING_DEFAULTS[key];
    return { key, value: v === null ? '-' : Array.isArray(v) ? (v.length ? v.join(',') : '-') : String(v), isDefault: s[key] === undefined };
  });
  const zones = Object.keys(cfg.zones).sort().map((zone) => ({ zone, ...cfg.zones[zone] }));
  const view: ConfigView = {
    file, sandbox: cfg.sandbox, credentials, settings, zones,
    defaults: { vps: cfg.defaults.vps ?? null, dns: cfg.defaults.dns ?? null },
  };
  return { view, resolved };
}

function credentialRow(cfg: ConfigFile, env: NodeJS.ProcessEnv, kind: CredentialKind, provider: string, reveal: Reveal): CredentialView | null {
  const key = `infra.${kind}.${provider}`;
  const own = cfg.credentials[kind][provider];
  const sib = SIBLING[`${kind}.${provider}`];
  const sibEntry = sib ? cfg.credentials[sib[0]][sib[1]] : undefined;
  const entry = own ?? sibEntry;
  if (entry) {
    const [k, p] = own ? [kind, provider] : sib!;
    const r = reveal(k, p, entry) ?? {};
    return {
      key, kind, provider, token: r.masked ?? null, endpoint: entry.endpoint ?? null, account: entry.account ?? null,
      source: own ? 'store' : `infra.${k}.${p}`, origin: entry.origin, updatedAt: entry.updatedAt, ...(r.error ? { error: r.error } : {}),
    };
  }
  const name = (ENV_FALLBACK[provider] ?? []).find((n) => !!env[n]?.trim());
  if (!name) return null;
  const r = env[name]!.trim();
  return { key, kind, provider, token: mask(r), endpoint: null, account: null, source: `env:${name}` };
}
