/**
 * Points the config at a running sandbox (`fazt sandbox`, the quick start): its endpoints and
 * tokens for every provider slot it serves, its SSH port, resolvers and authoritative DNS server.
 */
import { InfraError } from '../domain/errors';
import type { SandboxSettings } from '../sandbox';
import { encrypt, loadMasterKey } from './crypto';
import { DEFAULT_KINDS, KIND_PROVIDERS, CREDENTIAL_KINDS, validateEndpoint, validateToken, parseSetting } from './keys';
import type { ConfigStore } from './store';

/**
 * Writes the sandbox's settings into the store in one atomic write and marks it as sandbox mode.
 * Re-applying (a sandbox restarted on new ports) replaces the previous sandbox entries. Tokens the
 * user stored are never overwritten: with any present, this throws INFRA_CONFLICT unless `force`.
 * Defaults are set to the first sandbox provider of each kind unless the user chose one.
 */
export function applySandboxSettings(store: ConfigStore, settings: SandboxSettings, opts: { force?: boolean } = {}): void {
  const slots = CREDENTIAL_KINDS.flatMap((kind) => KIND_PROVIDERS[kind]
    .filter((p) => settings.endpoints[p] !== undefined && settings.tokens[p] !== undefined)
    .map((provider) => ({
      kind, provider,
      key: `infra.${kind}.${provider}`,
      endpoint: validateEndpoint(`infra.${kind}.${provider}`, settings.endpoints[provider]),
      token: validateToken(kind, provider, settings.tokens[provider]),
    })));
  const sshPort = settings.sshPort === null ? undefined : (parseSetting('infra.ssh.port', String(settings.sshPort)) as number);
  const sshUser = parseSetting('infra.ssh.user', settings.sshUser) as string;
  const resolvers = settings.resolvers.length ? (parseSetting('infra.dns.resolvers', settings.resolvers.join(',')) as string[]) : undefined;
  const authoritative = settings.authoritative === null ? undefined : (parseSetting('infra.dns.authoritative', settings.authoritative) as string);
  const mk = loadMasterKey(store.dir, store.env, { create: true })!;

  store.mutate((cfg) => {
    const userKeys = CREDENTIAL_KINDS.flatMap((k) => Object.entries(cfg.credentials[k]).filter(([, e]) => e.origin === 'user').map(([p]) => `infra.${k}.${p}`));
    if (userKeys.length > 0 && !opts.force) {
      throw new InfraError('INFRA_CONFLICT',
        `Real credentials are configured (${userKeys.join(', ')}); the sandbox settings were not applied. Remove them first (fazt dev config --unset <key>) or pass force`);
    }
    for (const kind of CREDENTIAL_KINDS) {
      for (const [p, e] of Object.entries(cfg.credentials[kind])) if (e.origin === 'sandbox') delete cfg.credentials[kind][p];
    }
    const now = new Date().toISOString();
    for (const s of slots) {
      if (cfg.credentials[s.kind][s.provider]?.origin === 'user') continue;
      cfg.credentials[s.kind][s.provider] = { token: encrypt(mk.key, s.token, s.key), keyId: mk.id, endpoint: s.endpoint, origin: 'sandbox', updatedAt: now };
    }
    for (const kind of DEFAULT_KINDS) {
      const current = cfg.defaults[kind];
      const first = KIND_PROVIDERS[kind].find((p) => cfg.credentials[kind][p]);
      if ((!current || !cfg.credentials[kind][current]) && first) cfg.defaults[kind] = first;
    }
    const st = cfg.settings;
    if (sshPort !== undefined) st['infra.ssh.port'] = sshPort;
    else delete st['infra.ssh.port'];
    st['infra.ssh.user'] = sshUser;
    if (resolvers) st['infra.dns.resolvers'] = resolvers;
    else delete st['infra.dns.resolvers'];
    if (authoritative) st['infra.dns.authoritative'] = authoritative;
    else delete st['infra.dns.authoritative'];
    cfg.sandbox = true;
  });
}
