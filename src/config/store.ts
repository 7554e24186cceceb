/**
 * The config store: credentials (encrypted), default providers, settings and managed zones in one
 * JSON file under the user's config folder. Activities resolve credentials here; the CLI writes it.
 * Every mutation is validate → lock → read → change → atomic write, so bad input or a failed write
 * never changes the file.
 */
import { InfraError } from '../domain/errors';
import { PROVIDERS, findProvider } from '../domain/providers';
import { encrypt, loadMasterKey, mask } from './crypto';
import { foreignKeyWarnings, hasCredential, knownSecrets, maskedReveal, openEntry } from './credentials';
import {
  configFilePath, ensurePrivateDir, readConfigFile, withLock, writeFileAtomic, type ConfigFile, type StoredCredential,
} from './file';
import {
  credentialCommand, KIND_PROVIDERS, normalizeZone, parseKey, parseSetting, validateEndpoint, validateToken,
  type CredentialKind, type DefaultKind, type SettingKey,
} from './keys';
import { configDir } from './paths';
import {
  buildView, ENV_FALLBACK, SANDBOX_SETTING_KEYS, SIBLING, type ConfigView, type InfraSettings, type ZoneEntry,
} from './view';

/** A credential ready for a provider factory. Lives only inside the activity that asked for it. */
export interface ResolvedCredential {
  token: string;
  endpoint?: string;
  /** The configured account id, where the provider has accounts (descriptor `account`). */
  account?: string;
  /** Where it came from: the store, a sibling slot of the same API, or an environment variable. */
  source: 'store' | 'env';
  /** The key or env var it came from, e.g. `infra.vps.hetzner` or `HCLOUD_TOKEN`. */
  from: string;
}

/** What a write changed, for the CLI to print (never a token). */
export interface WriteResult {
  key: string;
  /** The new value as people may see it (masked for tokens), or null when unset. */
  display: string | null;
  warnings: string[];
}

export interface ConfigStoreOptions {
  /** Config folder. @default {@link configDir}(env) */
  dir?: string;
  /** Environment for FAZT_MASTER_KEY and token fallbacks. @default process.env */
  env?: NodeJS.ProcessEnv;
}

const LABEL: Record<CredentialKind, string> = { vps: 'VPS', dns: 'DNS', domain: 'domain' };

export class ConfigStore {
  /** The config folder. */
  readonly dir: string;
  /** The config file. */
  readonly file: string;
  /** The environment read for FAZT_MASTER_KEY and token fallbacks. */
  readonly env: NodeJS.ProcessEnv;

  constructor(opts: ConfigStoreOptions = {}) {
    this.env = opts.env ?? process.env;
    this.dir = opts.dir ?? configDir(this.env);
    this.file = configFilePath(this.dir);
  }

  /**
   * The CLI's entry: `key` with a `value` (defaults, settings) or with `token`/`endpoint`
   * (credentials). Validates everything before touching the file.
   */
  set(key: string, value?: string, opts: { token?: string; endpoint?: string; account?: string } = {}): WriteResult {
    const k = parseKey(key);
    if (k.type === 'credential') {
      if (value !== undefined) {
        throw new InfraError('INFRA_INVALID_INPUT', `${k.key} takes its token as an option, not as a value. Run: ${credentialCommand(k.kind, k.provider)}`,
          { hint: credentialCommand(k.kind, k.provider) });
      }
      return this.setCredential(k.kind, k.provider, opts);
    }
    if (opts.token !== undefined || opts.endpoint !== undefined || opts.account !== undefined) {
      throw new InfraError('INFRA_INVALID_INPUT', `--token, --endpoint and --account only apply to provider keys such as infra.vps.${KIND_PROVIDERS.vps[0]}, not ${k.key}`);
    }
    if (k.type === 'sandbox') throw new InfraError('INFRA_INVALID_INPUT', `${k.key} can only be unset: fazt dev config --unset ${k.key}`);
    if (value === undefined || value.trim() === '') {
      throw new InfraError('INFRA_INVALID_INPUT', `${k.key} needs a value, e.g. fazt dev config ${k.key} ${k.type === 'default' ? KIND_PROVIDERS[k.kind][0] : '<value>'}`);
    }
    return k.type === 'default' ? this.setDefault(k.kind, value.trim()) : this.setSetting(k.key, value);
  }

  /**
   * Stores a provider token (encrypted) and optional endpoint. With only `endpoint`, updates the
   * endpoint of a token already stored.
   */
  setCredential(kind: CredentialKind, provider: string, input: { token?: string; endpoint?: string; account?: string }, origin: 'user' | 'sandbox' = 'user'): WriteResult {
    const key = parseKey(`infra.${kind}.${provider}`).key;
    const endpoint = input.endpoint === undefined ? undefined : validateEndpoint(key, input.endpoint);
    const account = input.account === undefined ? undefined : validateAccount(key, provider, input.account);
    const onlyEndpoint = input.token === undefined && (endpoint !== undefined || account !== undefined) && this.read().credentials[kind][provider] !== undefined;
    const token = onlyEndpoint ? undefined : validateToken(kind, provider, input.token);
    const mk = loadMasterKey(this.dir, this.env, { create: true })!;
    return this.mutate((cfg) => {
      const prev = cfg.credentials[kind][provider];
      if (token === undefined && !prev) validateToken(kind, provider, undefined);
      const entry: StoredCredential = token !== undefined
        ? { token: encrypt(mk.key, token, key), keyId: mk.id, origin, updatedAt: new Date().toISOString() }
        : { ...prev!, updatedAt: new Date().toISOString() };
      // A new token keeps the endpoint of its own origin; a change of account or endpoint alone keeps the other.
      const ep = endpoint ?? (token === undefined || prev?.origin === origin ? prev?.endpoint : undefined);
      if (ep !== undefined) entry.endpoint = ep;
      else delete entry.endpoint;
      // An account stays with its token until changed; an empty --account "" clears it.
      const acct = account ?? prev?.account;
      if (acct) entry.account = acct;
      else delete entry.account;
      cfg.credentials[kind][provider] = entry;
      const display = token !== undefined ? mask(token) : [endpoint !== undefined ? `endpoint ${ep}` : '', account !== undefined ? `account ${account || '(first the token sees)'}` : ''].filter(Boolean).join(', ');
      return { key, display, warnings: foreignKeyWarnings(cfg, mk) };
    });
  }

  /** Sets `infra.<kind>.default`. */
  setDefault(kind: DefaultKind, provider: string): WriteResult {
    if (!KIND_PROVIDERS[kind].includes(provider)) {
      throw new InfraError('INFRA_INVALID_INPUT', `Unknown ${LABEL[kind]} provider "${provider.slice(0, 40)}" for infra.${kind}.default. Valid: ${KIND_PROVIDERS[kind].join(', ')}`,
        { data: { valid: [...KIND_PROVIDERS[kind]] } });
    }
    return this.mutate((cfg) => {
      cfg.defaults[kind] = provider;
      const warnings = hasCredential(cfg, this.env, kind, provider) ? [] : [`${provider} has no token yet. Run: ${credentialCommand(kind, provider)}`];
      return { key: `infra.${kind}.default`, display: provider, warnings };
    });
  }

  /** Sets one of the plain settings from its text form. */
  setSetting(key: SettingKey, raw: string): WriteResult {
    const value = parseSetting(key, raw);
    return this.mutate((cfg) => {
      (cfg.settings as Record<string, unknown>)[key] = value;
      return { key, display: Array.isArray(value) ? value.join(',') : String(value), warnings: [] };
    });
  }

  /** Removes a key's value (a credential, default or setting); `infra.sandbox` leaves sandbox mode. */
  unset(key: string): WriteResult {
    const k = parseKey(key);
    if (k.type === 'sandbox') return this.leaveSandbox();
    return this.mutate((cfg) => {
      if (k.type === 'credential') delete cfg.credentials[k.kind][k.provider];
      else if (k.type === 'default') delete cfg.defaults[k.kind];
      else delete cfg.settings[k.key];
      return { key: k.key, display: null, warnings: [] };
    });
  }

  /** Drops every credential and setting the sandbox wrote and clears sandbox mode. */
  leaveSandbox(): WriteResult {
    return this.mutate((cfg) => {
      for (const kind of Object.keys(cfg.credentials) as CredentialKind[]) {
        for (const [p, c] of Object.entries(cfg.credentials[kind])) if (c.origin === 'sandbox') delete cfg.credentials[kind][p];
      }
      if (cfg.sandbox) for (const s of SANDBOX_SETTING_KEYS) delete cfg.settings[s];
      cfg.sandbox = false;
      return { key: 'infra.sandbox', display: null, warnings: [] };
    });
  }

  /** Adds or updates a managed zone; `zoneId` caches the provider's id for it. */
  addZone(zone: string, provider: string, zoneId?: string): ZoneEntry {
    const name = normalizeZone(zone);
    if (!KIND_PROVIDERS.dns.includes(provider)) {
      throw new InfraError('INFRA_INVALID_INPUT', `Unknown DNS provider "${provider.slice(0, 40)}". Valid: ${KIND_PROVIDERS.dns.join(', ')}`,
        { data: { valid: [...KIND_PROVIDERS.dns] } });
    }
    if (zoneId !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(zoneId)) throw new InfraError('INFRA_INVALID_INPUT', `Zone id for ${name} is malformed`);
    return this.mutate((cfg) => {
      const prev = cfg.zones[name];
      // A cached id belongs to one provider: moving the zone drops it.
      const id = zoneId ?? (prev?.provider === provider ? prev.zoneId : undefined);
      cfg.zones[name] = id === undefined ? { provider } : { provider, zoneId: id };
      return { zone: name, provider, ...(id === undefined ? {} : { zoneId: id }) };
    });
  }

  /** Stops managing a zone (nothing at the provider changes). Absent is success. */
  removeZone(zone: string): void {
    const name = normalizeZone(zone);
    this.mutate((cfg) => {
      delete cfg.zones[name];
    });
  }

  /** Managed zones, sorted by name. */
  zones(): ZoneEntry[] {
    const cfg = this.read();
    return Object.keys(cfg.zones).sort().map((zone) => ({ zone, ...cfg.zones[zone] }));
  }

  /** The managed zone of this name, or null. */
  zone(name: string): ZoneEntry | null {
    const zone = normalizeZone(name);
    const z = this.read().zones[zone];
    return z ? { zone, ...z } : null;
  }

  /**
   * The credential for a provider: the store's slot, then a sibling slot of the same API (the
   * Hetzner and DigitalOcean DNS APIs take their VPS token), then the provider's env var.
   * @throws InfraError INFRA_NOT_CONFIGURED whose message and `hint` name the command to fix it.
   */
  resolveCredential(kind: CredentialKind, provider: string): ResolvedCredential {
    const key = parseKey(`infra.${kind}.${provider}`).key;
    const cfg = this.read();
    const slots: Array<[CredentialKind, string]> = [[kind, provider]];
    const sib = SIBLING[`${kind}.${provider}`];
    if (sib) slots.push(sib);
    for (const [k, p] of slots) {
      const entry = cfg.credentials[k][p];
      if (entry) {
        return {
          token: openEntry(this.dir, this.env, k, p, entry), ...(entry.endpoint ? { endpoint: entry.endpoint } : {}), ...(entry.account ? { account: entry.account } : {}),
          source: 'store', from: `infra.${k}.${p}`,
        };
      }
    }
    for (const name of ENV_FALLBACK[provider] ?? []) {
      const v = this.env[name]?.trim();
      if (v) return { token: v, source: 'env', from: name };
    }
    const cmd = credentialCommand(kind, provider);
    const envs = (ENV_FALLBACK[provider] ?? []).join(' or ');
    throw new InfraError('INFRA_NOT_CONFIGURED', `${key} is not configured. Run: ${cmd}${envs ? ` (or set ${envs})` : ''}`, { provider, hint: cmd });
  }

  /** Providers of this kind that have a credential (stored, sibling or env), in the spec's order. */
  configuredProviders(kind: CredentialKind): string[] {
    const cfg = this.read();
    return KIND_PROVIDERS[kind].filter((p) => hasCredential(cfg, this.env, kind, p));
  }

  /**
   * The provider to use when the caller names none: the configured default, else the only
   * configured provider. @throws InfraError INFRA_NOT_CONFIGURED naming the command.
   */
  defaultProvider(kind: CredentialKind): string {
    const chosen = kind === 'domain' ? undefined : this.read().defaults[kind];
    if (chosen) return chosen;
    const configured = this.configuredProviders(kind);
    if (configured.length === 1) return configured[0];
    if (configured.length === 0) {
      const cmd = credentialCommand(kind, KIND_PROVIDERS[kind][0]);
      throw new InfraError('INFRA_NOT_CONFIGURED', `No ${LABEL[kind]} provider is configured. Run: ${cmd}`, { hint: cmd });
    }
    const cmd = `fazt dev config infra.${kind}.default ${configured[0]}`;
    throw new InfraError('INFRA_NOT_CONFIGURED',
      `Several ${LABEL[kind]} providers are configured (${configured.join(', ')}) and none is the default. Run: fazt dev config infra.${kind}.default <provider>`,
      { hint: cmd, data: { configured } });
  }

  /** Settings with their defaults filled in. */
  settings(): InfraSettings {
    return buildView(this.read(), this.file, this.env, () => null).resolved;
  }

  /** Everything, with tokens masked: what `fazt dev config` prints. */
  view(): ConfigView {
    return buildView(this.read(), this.file, this.env, maskedReveal(this.dir, this.env)).view;
  }

  /** True while the store holds the sandbox's settings (see {@link applySandboxSettings}). */
  isSandbox(): boolean {
    return this.read().sandbox;
  }

  /**
   * Every token this store can give out (stored ones that decrypt, plus env fallbacks), so the
   * audit trail can scrub them from anything it records. Never print the result.
   */
  secrets(): string[] {
    return knownSecrets(this.read(), this.dir, this.env);
  }

  /** Applies a change to a fresh copy of the file under the lock, then writes it atomically. */
  mutate<T>(change: (cfg: ConfigFile) => T): T {
    ensurePrivateDir(this.dir);
    return withLock(this.file, () => {
      const cfg = readConfigFile(this.file);
      const result = change(cfg);
      writeFileAtomic(this.file, `${JSON.stringify(cfg, null, 2)}\n`);
      return result;
    });
  }

  /** The current file (empty config when absent). */
  read(): ConfigFile {
    return readConfigFile(this.file);
  }
}

/** An account id as the provider's descriptor says it looks; '' clears it. */
function validateAccount(key: string, provider: string, raw: string): string {
  const shape = findProvider(provider)?.account;
  if (!shape) throw new InfraError('INFRA_INVALID_INPUT', `${key} has no accounts: --account applies to ${PROVIDERS.filter((p) => p.account).map((p) => p.name).join(', ')}`);
  const v = raw.trim().toLowerCase();
  if (v !== '' && !shape.pattern.test(v)) throw new InfraError('INFRA_INVALID_INPUT', `--account for ${key} must be ${shape.looksLike}`);
  return v;
}
