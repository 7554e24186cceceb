/**
 * The configuration keys people type (`infra.vps.hetzner`, `infra.ssh.port`, …) and the rules
 * their values follow. Every check throws INFRA_INVALID_INPUT with one line that says what is
 * wrong and what to run; a token value is never part of a message.
 */
import net from 'node:net';
import { InfraError } from '../domain/errors';
import { DNS_PROVIDERS, DOMAIN_PROVIDERS, VPS_PROVIDERS, findProvider, type ProviderKind } from '../domain/providers';
import { PROVIDER_KINDS } from '../providers/descriptor';

/** Kinds of credential, one slot per (kind, provider). */
export const CREDENTIAL_KINDS = PROVIDER_KINDS;
export type CredentialKind = ProviderKind;

/** Which providers each kind accepts. */
export const KIND_PROVIDERS: Readonly<Record<CredentialKind, readonly string[]>> = {
  vps: VPS_PROVIDERS,
  dns: DNS_PROVIDERS,
  domain: DOMAIN_PROVIDERS,
};

/** Kinds that have a `infra.<kind>.default` key. */
export const DEFAULT_KINDS = ['vps', 'dns'] as const;
export type DefaultKind = (typeof DEFAULT_KINDS)[number];

/** Plain settings, each with its own value rule. */
export const SETTING_KEYS = ['infra.ssh.port', 'infra.ssh.user', 'infra.dns.resolvers', 'infra.dns.authoritative', 'infra.confirm.timeout'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Only valid with `--unset`: drops everything the sandbox wrote and leaves sandbox mode. */
export const SANDBOX_KEY = 'infra.sandbox';

/** A parsed key. */
export type ParsedKey =
  | { type: 'credential'; key: string; kind: CredentialKind; provider: string }
  | { type: 'default'; key: string; kind: DefaultKind }
  | { type: 'setting'; key: SettingKey }
  | { type: 'sandbox'; key: typeof SANDBOX_KEY };

/** Every key `fazt dev config` accepts, in the order help text lists them. */
export function validKeys(): string[] {
  const creds = CREDENTIAL_KINDS.flatMap((k) => KIND_PROVIDERS[k].map((p) => `infra.${k}.${p}`));
  return [...creds, ...DEFAULT_KINDS.map((k) => `infra.${k}.default`), ...SETTING_KEYS];
}

/** The command that stores a credential; used in messages and hints. */
export function credentialCommand(kind: CredentialKind, provider: string): string {
  return `fazt dev config infra.${kind}.${provider} --token <token>`;
}

/** Parses a key or throws INFRA_INVALID_INPUT listing the valid keys. */
export function parseKey(key: string): ParsedKey {
  const k = key.trim();
  if ((SETTING_KEYS as readonly string[]).includes(k)) return { type: 'setting', key: k as SettingKey };
  if (k === SANDBOX_KEY) return { type: 'sandbox', key: SANDBOX_KEY };
  const m = /^infra\.(vps|dns|domain)\.([a-z0-9-]+)$/.exec(k);
  if (m) {
    const kind = m[1] as CredentialKind;
    if (m[2] === 'default' && (DEFAULT_KINDS as readonly string[]).includes(kind)) return { type: 'default', key: k, kind: kind as DefaultKind };
    if (KIND_PROVIDERS[kind].includes(m[2])) return { type: 'credential', key: k, kind, provider: m[2] };
    throw new InfraError('INFRA_INVALID_INPUT',
      `Unknown ${kind} provider "${m[2]}" in "${k}". Valid: ${KIND_PROVIDERS[kind].map((p) => `infra.${kind}.${p}`).join(', ')}`,
      { data: { valid: validKeys() } });
  }
  throw new InfraError('INFRA_INVALID_INPUT', `Unknown config key${quoteKey(k)}. Valid keys: ${validKeys().join(', ')}`, { data: { valid: validKeys() } });
}

/**
 * The token shape every provider's tokens (and the sandbox's `sandbox-<provider>-token`) fit; how a
 * real one looks is the descriptor's `tokenLooksLike`.
 */
const TOKEN_RULE = { min: 8, max: 128, charset: /^[A-Za-z0-9_-]+$/ } as const;

/** Checks a token's shape; throws without ever quoting it. */
export function validateToken(kind: CredentialKind, provider: string, token: string | undefined): string {
  const fix = credentialCommand(kind, provider);
  const fail = (what: string) => new InfraError('INFRA_INVALID_INPUT', `The --token for infra.${kind}.${provider} ${what}. Run: ${fix}`, { hint: fix });
  if (token === undefined) throw fail('is required');
  if (token.length === 0) throw fail('is empty');
  if (/\s/.test(token)) throw fail('contains whitespace (a pasted newline or space?)');
  const rule = { ...TOKEN_RULE, looksLike: findProvider(provider)?.tokenLooksLike ?? 'letters, digits, - and _' };
  if (token.length < rule.min || token.length > rule.max) {
    throw fail(`has ${token.length} characters; expected ${rule.min} to ${rule.max} (a real one is ${rule.looksLike})`);
  }
  if (!rule.charset.test(token)) throw fail(`has characters a ${provider} token never has (a real one is ${rule.looksLike})`);
  return token;
}

/**
 * Checks an API base URL: http(s), no user-info and no query or fragment (those would store a
 * secret in plain text). Returns it without a trailing slash.
 */
export function validateEndpoint(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InfraError('INFRA_INVALID_INPUT', `--endpoint for ${key} is not a URL; expected e.g. https://api.example.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InfraError('INFRA_INVALID_INPUT', `--endpoint for ${key} must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InfraError('INFRA_INVALID_INPUT', `--endpoint for ${key} must not carry credentials, a query or a fragment; pass the token with --token`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Parses a setting's text value into what the file stores. */
export function parseSetting(key: SettingKey, raw: string): number | string | string[] {
  const value = raw.trim();
  const bad = (expected: string) => new InfraError('INFRA_INVALID_INPUT', `Bad value for ${key}: expected ${expected}, e.g. fazt dev config ${key} ${EXAMPLES[key]}`);
  switch (key) {
    case 'infra.ssh.port': {
      const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
      if (!(n >= 1 && n <= 65535)) throw bad('a port from 1 to 65535');
      return n;
    }
    case 'infra.ssh.user':
      if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) throw bad('a login name (lower-case letters, digits, _ and -)');
      return value;
    case 'infra.dns.resolvers': {
      const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (list.length === 0 || list.some((s) => parseHostPort(s, false) === null)) throw bad('a comma-separated list of IP or IP:port');
      return list.map((s) => parseHostPort(s, false)!);
    }
    case 'infra.dns.authoritative': {
      const hp = parseHostPort(value, true);
      if (hp === null) throw bad('IP:port');
      return hp;
    }
    case 'infra.confirm.timeout': {
      const ms = parseDuration(value);
      if (ms === null || ms < 1000 || ms > 30 * 86_400_000) throw bad('a duration from 1s to 30d');
      return value;
    }
  }
}

const EXAMPLES: Record<SettingKey, string> = {
  'infra.ssh.port': '22',
  'infra.ssh.user': 'root',
  'infra.dns.resolvers': '8.8.8.8,1.1.1.1:53',
  'infra.dns.authoritative': '127.0.0.1:5353',
  'infra.confirm.timeout': '15m',
};

/** `1.2.3.4`, `1.2.3.4:53`, `::1` or `[::1]:53`; normalized; null when malformed. */
export function parseHostPort(text: string, portRequired: boolean): string | null {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  let host: string;
  let port: string | undefined;
  if (bracket) [, host, port] = bracket;
  else if (v4) [, host, port] = v4;
  else if (net.isIPv6(text)) host = text;
  else return null;
  if (!net.isIP(host)) return null;
  if (port === undefined) return portRequired ? null : host;
  const n = Number(port);
  if (!(n >= 1 && n <= 65535)) return null;
  return net.isIPv6(host) ? `[${host}]:${n}` : `${host}:${n}`;
}

/** `15m`, `1h30m`, `500ms`, `2d` → milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return null;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/**
 * ` "infra.x.y"` when the text looks like a key, else nothing: a pasted token in the key's place
 * must not be echoed back.
 */
function quoteKey(text: string): string {
  return /^infra\.[a-z0-9.-]{1,40}$/.test(text) ? ` "${text}"` : '';
}

/**
 * A DNS zone name, lower-cased and without the trailing dot: at least two labels of letters,
 * digits and inner hyphens (IDNs in their xn-- form), at most 253 characters.
 */
export function normalizeZone(name: string): string {
  const zone = name.trim().toLowerCase().replace(/\.$/, '');
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = zone.split('.');
  if (zone.length > 253 || labels.length < 2 || !labels.every((l) => label.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    throw new InfraError('INFRA_INVALID_INPUT', `"${zone.slice(0, 80)}" is not a domain name; expected e.g. example.com`);
  }
  return zone;
}
