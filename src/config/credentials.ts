/**
 * Reading credentials out of a config file: which slots are filled (store, sibling slot, env),
 * decrypting one with a clear error, the masked form for the view, and every known secret for
 * the audit trail's scrubber.
 */
import { InfraError } from '../domain/errors';
import { decrypt, loadMasterKey, mask, type MasterKey } from './crypto';
import type { ConfigFile, StoredCredential } from './file';
import { credentialCommand, type CredentialKind } from './keys';
import { ENV_FALLBACK, SIBLING, type Reveal } from './view';

/** True when (kind, provider) has a token: its own slot, a sibling slot of the same API, or env. */
export function hasCredential(cfg: ConfigFile, env: NodeJS.ProcessEnv, kind: CredentialKind, provider: string): boolean {
  if (cfg.credentials[kind][provider]) return true;
  const sib = SIBLING[`${kind}.${provider}`];
  if (sib && cfg.credentials[sib[0]][sib[1]]) return true;
  return (ENV_FALLBACK[provider] ?? []).some((n) => !!env[n]?.trim());
}

/**
 * Decrypts a stored token. @throws InfraError INFRA_NOT_CONFIGURED that says why (no key, another
 * key, failed authentication) and names the command that stores the token again.
 */
export function openEntry(dir: string, env: NodeJS.ProcessEnv, kind: CredentialKind, provider: string, entry: StoredCredential): string {
  const key = `infra.${kind}.${provider}`;
  const cmd = credentialCommand(kind, provider);
  const mk = loadMasterKey(dir, env, { create: false });
  const fail = (why: string) => new InfraError('INFRA_NOT_CONFIGURED',
    `The stored token for ${key} cannot be decrypted: ${why}. Set the FAZT_MASTER_KEY it was stored with, or store it again: ${cmd}`, { provider, hint: cmd });
  if (!mk) throw fail(`no master key (FAZT_MASTER_KEY is unset and ${dir}/master.key is missing)`);
  if (mk.id !== entry.keyId) throw fail(`it was encrypted with another master key (key id ${entry.keyId}; the current ${mk.source === 'env' ? 'FAZT_MASTER_KEY' : 'key file'} has ${mk.id})`);
  const plain = decrypt(mk.key, entry.token, key);
  if (plain === null) throw fail('authentication failed (wrong master key or a modified file)');
  return plain;
}

/** Masks stored tokens for the view; a token that cannot be opened gets a reason instead. */
export function maskedReveal(dir: string, env: NodeJS.ProcessEnv): Reveal {
  let keyError = 'no master key (set FAZT_MASTER_KEY or restore master.key)';
  const mk = safeKey(() => loadMasterKey(dir, env, { create: false }), (err) => {
    keyError = err instanceof InfraError ? err.message : 'the master key cannot be read';
  });
  return (kind, provider, entry) => {
    if (!mk) return { error: keyError };
    if (mk.id !== entry.keyId) return { error: 'encrypted with another master key' };
    const plain = decrypt(mk.key, entry.token, `infra.${kind}.${provider}`);
    return plain === null ? { error: 'cannot be decrypted (wrong key or modified file)' } : { masked: mask(plain) };
  };
}

/** Every stored token that decrypts, plus every env fallback that is set. */
export function knownSecrets(cfg: ConfigFile, dir: string, env: NodeJS.ProcessEnv): string[] {
  const mk = safeKey(() => loadMasterKey(dir, env, { create: false }));
  const out = new Set<string>();
  for (const kind of Object.keys(cfg.credentials) as CredentialKind[]) {
    for (const [p, e] of Object.entries(cfg.credentials[kind])) {
      const plain = mk && mk.id === e.keyId ? decrypt(mk.key, e.token, `infra.${kind}.${p}`) : null;
      if (plain) out.add(plain);
    }
  }
  for (const names of Object.values(ENV_FALLBACK)) for (const n of names) if (env[n]?.trim()) out.add(env[n]!.trim());
  return [...out];
}

/** Slots whose token was encrypted with a key other than `mk` (unreadable now). */
export function foreignKeyWarnings(cfg: ConfigFile, mk: MasterKey): string[] {
  const foreign = (Object.keys(cfg.credentials) as CredentialKind[])
    .flatMap((k) => Object.entries(cfg.credentials[k]).filter(([, e]) => e.keyId !== mk.id).map(([p]) => `infra.${k}.${p}`));
  return foreign.length === 0 ? [] : [`These tokens were stored with another master key and cannot be read now: ${foreign.join(', ')}`];
}

function safeKey(load: () => MasterKey | null, onError?: (err: unknown) => void): MasterKey | null {
  try {
    return load();
  } catch (err) {
    onError?.(err);
    return null;
  }
}
