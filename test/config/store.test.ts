import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigStore, parseKey, validKeys } from '../../src/config';
import { InfraError } from '../../src/domain/errors';
import { allBytes, CF_TOKEN, freshStore, HETZNER_TOKEN } from './helpers';

function caught(fn: () => unknown): InfraError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InfraError);
    return err as InfraError;
  }
  throw new Error('expected an InfraError');
}

describe('ConfigStore', () => {
  let ctx: ReturnType<typeof freshStore>;
  beforeEach(() => {
    ctx = freshStore();
  });
  afterEach(() => ctx.cleanup());

  it('round-trips every credential key with token and endpoint', () => {
    const creds = validKeys().filter((k) => parseKey(k).type === 'credential');
    expect(creds).toHaveLength(7);
    creds.forEach((key, i) => {
      const [, kind, provider] = key.split('.');
      const token = `tok_${i}_${crypto.randomBytes(16).toString('hex')}`;
      ctx.store.set(key, undefined, { token, endpoint: `http://127.0.0.1:${9000 + i}/v1/` });
      expect(ctx.store.resolveCredential(kind as any, provider)).toEqual({
        token, endpoint: `http://127.0.0.1:${9000 + i}/v1`, source: 'store', from: key,
      });
    });
    expect(ctx.store.configuredProviders('vps')).toEqual(['hetzner', 'digitalocean', 'vultr']);
    expect(ctx.store.configuredProviders('dns')).toEqual(['cloudflare', 'hetzner', 'digitalocean']);
  });

  it('round-trips defaults and every setting', () => {
    ctx.store.set('infra.vps.default', 'vultr');
    ctx.store.set('infra.dns.default', 'hetzner');
    ctx.store.set('infra.ssh.port', '2222');
    ctx.store.set('infra.ssh.user', 'deploy');
    ctx.store.set('infra.dns.resolvers', '8.8.8.8, 1.1.1.1:5353,[::1]:53');
    ctx.store.set('infra.dns.authoritative', '127.0.0.1:5300');
    ctx.store.set('infra.confirm.timeout', '1h30m');
    expect(ctx.store.defaultProvider('vps')).toBe('vultr');
    expect(ctx.store.defaultProvider('dns')).toBe('hetzner');
    expect(ctx.store.settings()).toEqual({
      ssh: { port: 2222, user: 'deploy' },
      dns: { resolvers: ['8.8.8.8', '1.1.1.1:5353', '[::1]:53'], authoritative: '127.0.0.1:5300' },
      confirm: { timeout: '1h30m' },
      sandbox: false,
    });
    for (const key of ['infra.ssh.port', 'infra.ssh.user', 'infra.dns.resolvers', 'infra.dns.authoritative', 'infra.confirm.timeout', 'infra.vps.default']) {
      ctx.store.unset(key);
    }
    expect(ctx.store.settings()).toEqual({
      ssh: { port: 22, user: 'root' }, dns: { resolvers: [], authoritative: null }, confirm: { timeout: '15m' }, sandbox: false,
    });
  });

  it('rejects malformed settings and defaults, naming the key', () => {
    const bad: Array<[string, string]> = [
      ['infra.ssh.port', '70000'], ['infra.ssh.port', '22x'], ['infra.ssh.user', 'Root User'],
      ['infra.dns.resolvers', '8.8.8.8,dns.google'], ['infra.dns.authoritative', '127.0.0.1'],
      ['infra.confirm.timeout', 'soon'], ['infra.confirm.timeout', '0s'], ['infra.vps.default', 'cloudflare'],
    ];
    for (const [key, value] of bad) {
      const err = caught(() => ctx.store.set(key, value));
      expect(err.code).toBe('INFRA_INVALID_INPUT');
      expect(err.message).toContain(key);
    }
    expect(fs.existsSync(ctx.store.file)).toBe(false);
  });

  it('stores tokens encrypted: no file in the folder contains the token', () => {
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    ctx.store.set('infra.dns.cloudflare', undefined, { token: CF_TOKEN });
    const disk = allBytes(ctx.dir);
    expect(disk).not.toContain(HETZNER_TOKEN);
    expect(disk).not.toContain(CF_TOKEN);
    expect(disk).not.toContain(Buffer.from(HETZNER_TOKEN).toString('base64'));
    const file = JSON.parse(fs.readFileSync(ctx.store.file, 'utf8'));
    expect(file.credentials.vps.hetzner.token).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(fs.statSync(ctx.store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(ctx.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(ctx.dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('uses a random IV: the same token stored twice gives different ciphertexts', () => {
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    const a = JSON.parse(fs.readFileSync(ctx.store.file, 'utf8')).credentials.vps.hetzner.token;
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    const b = JSON.parse(fs.readFileSync(ctx.store.file, 'utf8')).credentials.vps.hetzner.token;
    expect(a).not.toBe(b);
  });

  it('fails clearly with the wrong master key and never shows the token', () => {
    const keyA = crypto.randomBytes(32).toString('hex');
    const keyB = crypto.randomBytes(32).toString('base64');
    const a = new ConfigStore({ dir: ctx.dir, env: { FAZT_MASTER_KEY: keyA } });
    a.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    expect(a.resolveCredential('vps', 'hetzner').token).toBe(HETZNER_TOKEN);
    expect(allBytes(ctx.dir)).not.toContain(keyA);
    expect(fs.existsSync(path.join(ctx.dir, 'master.key'))).toBe(false);

    const b = new ConfigStore({ dir: ctx.dir, env: { FAZT_MASTER_KEY: keyB } });
    const err = caught(() => b.resolveCredential('vps', 'hetzner'));
    expect(err.code).toBe('INFRA_NOT_CONFIGURED');
    expect(err.message).toMatch(/cannot be decrypted: it was encrypted with another master key/);
    expect(err.hint).toBe('fazt dev config infra.vps.hetzner --token <token>');
    expect(err.message).not.toContain(HETZNER_TOKEN);
    expect(b.view().credentials[0]).toMatchObject({ key: 'infra.vps.hetzner', token: null, error: 'encrypted with another master key' });

    // The key id matches but the ciphertext was altered: GCM authentication catches it.
    const file = JSON.parse(fs.readFileSync(a.file, 'utf8'));
    const parts = file.credentials.vps.hetzner.token.split(':');
    const ct = Buffer.from(parts[3], 'base64');
    ct[0] ^= 1;
    parts[3] = ct.toString('base64');
    file.credentials.vps.hetzner.token = parts.join(':');
    fs.writeFileSync(a.file, JSON.stringify(file));
    expect(caught(() => a.resolveCredential('vps', 'hetzner')).message).toMatch(/authentication failed/);
  });

  it('rejects a malformed FAZT_MASTER_KEY without quoting it and writes nothing', () => {
    for (const key of ['short', 'z'.repeat(64), crypto.randomBytes(16).toString('hex')]) {
      const s = new ConfigStore({ dir: ctx.dir, env: { FAZT_MASTER_KEY: key } });
      const err = caught(() => s.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN }));
      expect(err.code).toBe('INFRA_INVALID_INPUT');
      expect(err.message).toMatch(/FAZT_MASTER_KEY must be 32 bytes written as 64 hex characters or as base64/);
      expect(err.message).not.toContain(key);
    }
    expect(fs.existsSync(ctx.store.file)).toBe(false);
    // The masked view still lists the slot and says why its token cannot be shown.
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    const bad = new ConfigStore({ dir: ctx.dir, env: { FAZT_MASTER_KEY: 'short' } });
    expect(bad.view().credentials[0].error).toMatch(/^FAZT_MASTER_KEY must be 32 bytes/);
  });

  it('shows tokens only masked', () => {
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN, endpoint: 'https://proxy.example/v1' });
    const view = ctx.store.view();
    expect(view.credentials).toEqual([
      expect.objectContaining({ key: 'infra.vps.hetzner', token: `${HETZNER_TOKEN.slice(0, 3)}…${HETZNER_TOKEN.slice(-4)}`, endpoint: 'https://proxy.example/v1', source: 'store' }),
      // Hetzner DNS shares the Cloud API token.
      expect.objectContaining({ key: 'infra.dns.hetzner', source: 'infra.vps.hetzner' }),
    ]);
    expect(JSON.stringify(view)).not.toContain(HETZNER_TOKEN.slice(3, -4));
  });

  it('falls back to env vars, and Hetzner DNS to the Hetzner VPS token', () => {
    const env = { HCLOUD_TOKEN: HETZNER_TOKEN, CLOUDFLARE_API_TOKEN: CF_TOKEN, VULTR_API_KEY: 'VULTRKEY1234567890', DIGITALOCEAN_TOKEN: 'dop_v1_abc123456789' };
    const s = new ConfigStore({ dir: ctx.dir, env });
    expect(s.resolveCredential('vps', 'hetzner')).toEqual({ token: HETZNER_TOKEN, source: 'env', from: 'HCLOUD_TOKEN' });
    expect(s.resolveCredential('dns', 'hetzner')).toEqual({ token: HETZNER_TOKEN, source: 'env', from: 'HCLOUD_TOKEN' });
    expect(s.resolveCredential('dns', 'cloudflare').token).toBe(CF_TOKEN);
    expect(s.resolveCredential('vps', 'vultr').from).toBe('VULTR_API_KEY');
    expect(s.resolveCredential('vps', 'digitalocean').from).toBe('DIGITALOCEAN_TOKEN');
    expect(s.configuredProviders('vps')).toEqual(['hetzner', 'digitalocean', 'vultr']);
    expect(s.view().credentials.find((c) => c.key === 'infra.domain.cloudflare')).toMatchObject({ source: 'env:CLOUDFLARE_API_TOKEN' });
    expect(new Set(s.secrets())).toEqual(new Set(Object.values(env)));

    // The store wins over env; its Hetzner VPS token serves Hetzner DNS with its endpoint.
    s.set('infra.vps.hetzner', undefined, { token: 'stored-hetzner-token', endpoint: 'http://127.0.0.1:1/v1' });
    expect(s.resolveCredential('dns', 'hetzner')).toEqual({ token: 'stored-hetzner-token', endpoint: 'http://127.0.0.1:1/v1', source: 'store', from: 'infra.vps.hetzner' });
  });

  it('says INFRA_NOT_CONFIGURED with the exact command to run', () => {
    const err = caught(() => ctx.store.resolveCredential('vps', 'hetzner'));
    expect(err.code).toBe('INFRA_NOT_CONFIGURED');
    expect(err.message).toContain('Run: fazt dev config infra.vps.hetzner --token <token>');
    expect(err.message).toContain('HCLOUD_TOKEN');
    expect(err.hint).toBe('fazt dev config infra.vps.hetzner --token <token>');
    expect(caught(() => ctx.store.resolveCredential('dns', 'cloudflare')).hint).toBe('fazt dev config infra.dns.cloudflare --token <token>');
    expect(caught(() => ctx.store.resolveCredential('vps', 'cloudflare')).code).toBe('INFRA_INVALID_INPUT');
  });

  it('picks the default provider: configured default, else the only one, else tells what to run', () => {
    expect(caught(() => ctx.store.defaultProvider('vps')).hint).toBe('fazt dev config infra.vps.hetzner --token <token>');
    ctx.store.set('infra.vps.vultr', undefined, { token: 'VULTR0123456789ABCDEF' });
    expect(ctx.store.defaultProvider('vps')).toBe('vultr');
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    const err = caught(() => ctx.store.defaultProvider('vps'));
    expect(err.code).toBe('INFRA_NOT_CONFIGURED');
    expect(err.message).toContain('Several VPS providers are configured (hetzner, vultr)');
    expect(err.hint).toBe('fazt dev config infra.vps.default hetzner');
    ctx.store.set('infra.vps.default', 'vultr');
    expect(ctx.store.defaultProvider('vps')).toBe('vultr');
  });

  it('rejects unknown keys with the list of valid keys, and bad tokens without echoing them', () => {
    const err = caught(() => ctx.store.set('infra.vps.aws', undefined, { token: HETZNER_TOKEN }));
    expect(err.message).toContain('Unknown vps provider "aws"');
    const unknown = caught(() => ctx.store.set('infra.nope', 'x'));
    expect(unknown.message).toContain('Unknown config key "infra.nope". Valid keys: infra.vps.hetzner,');
    expect(unknown.data?.valid).toEqual(validKeys());
    // A token pasted in the key's place is not echoed back.
    expect(caught(() => ctx.store.set(HETZNER_TOKEN)).message).not.toContain(HETZNER_TOKEN);
    for (const token of ['', ' ', `${HETZNER_TOKEN} `, 'abc', 'tok€n-with-euro', 'x'.repeat(200)]) {
      const e = caught(() => ctx.store.set('infra.vps.hetzner', undefined, { token }));
      expect(e.code).toBe('INFRA_INVALID_INPUT');
      if (token.trim()) expect(e.message).not.toContain(token.trim());
    }
    expect(caught(() => ctx.store.set('infra.vps.hetzner', HETZNER_TOKEN)).message).not.toContain(HETZNER_TOKEN);
    for (const endpoint of ['not a url', 'ftp://x/y', 'https://user:pw@x/v1', 'https://x/v1?token=abc']) {
      expect(caught(() => ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN, endpoint })).code).toBe('INFRA_INVALID_INPUT');
    }
    expect(fs.existsSync(ctx.store.file)).toBe(false);
  });

  it('updates only the endpoint of a stored token', () => {
    ctx.store.set('infra.dns.cloudflare', undefined, { token: CF_TOKEN });
    ctx.store.set('infra.dns.cloudflare', undefined, { endpoint: 'http://127.0.0.1:8787/client/v4' });
    expect(ctx.store.resolveCredential('dns', 'cloudflare')).toMatchObject({ token: CF_TOKEN, endpoint: 'http://127.0.0.1:8787/client/v4' });
    expect(caught(() => ctx.store.set('infra.dns.hetzner', undefined, { endpoint: 'http://127.0.0.1:1' })).message).toContain('--token for infra.dns.hetzner is required');
  });

  it('leaves the file byte-identical when a write fails', () => {
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    ctx.store.addZone('example.com', 'hetzner');
    const before = fs.readFileSync(ctx.store.file);
    // A directory where the temp file goes makes the write fail for real, even as root.
    fs.mkdirSync(`${ctx.store.file}.tmp`);
    expect(() => ctx.store.set('infra.ssh.port', '2200')).toThrow(/Could not write .*config\.json \(EISDIR\); nothing was changed/);
    expect(() => ctx.store.set('infra.dns.cloudflare', undefined, { token: CF_TOKEN })).toThrow(/nothing was changed/);
    expect(fs.readFileSync(ctx.store.file).equals(before)).toBe(true);
    expect(fs.existsSync(`${ctx.store.file}.lock`)).toBe(false);
    fs.rmdirSync(`${ctx.store.file}.tmp`);
    ctx.store.set('infra.ssh.port', '2200');
    expect(ctx.store.settings().ssh.port).toBe(2200);
  });

  it('takes over a stale lock left by a crashed process', () => {
    fs.mkdirSync(ctx.dir, { recursive: true });
    const lock = `${ctx.store.file}.lock`;
    fs.writeFileSync(lock, '999999');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    ctx.store.set('infra.ssh.user', 'ops');
    expect(ctx.store.settings().ssh.user).toBe('ops');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('reports a corrupt file clearly instead of overwriting it', () => {
    fs.mkdirSync(ctx.dir, { recursive: true });
    fs.writeFileSync(ctx.store.file, '{"version": 1, "credentials": ');
    expect(caught(() => ctx.store.set('infra.ssh.port', '22')).message).toMatch(/is not valid JSON/);
    fs.writeFileSync(ctx.store.file, JSON.stringify({ version: 1, extra: true }));
    expect(caught(() => ctx.store.view()).message).toMatch(/is not a valid fazt config/);
  });

  it('manages zones with cached provider ids', () => {
    ctx.store.addZone('Example.COM.', 'cloudflare');
    ctx.store.addZone('example.com', 'cloudflare', '023e105f4ecef8ad9ca31a8372d0c353');
    ctx.store.addZone('another.org', 'hetzner', '4711');
    expect(ctx.store.zones()).toEqual([
      { zone: 'another.org', provider: 'hetzner', zoneId: '4711' },
      { zone: 'example.com', provider: 'cloudflare', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' },
    ]);
    // Re-adding without an id keeps the cached one; moving to another provider drops it.
    ctx.store.addZone('example.com', 'cloudflare');
    expect(ctx.store.zone('example.com')?.zoneId).toBe('023e105f4ecef8ad9ca31a8372d0c353');
    ctx.store.addZone('example.com', 'digitalocean');
    expect(ctx.store.zone('example.com')).toEqual({ zone: 'example.com', provider: 'digitalocean' });
    for (const bad of ['localhost', '-bad.com', 'a..b', 'exa mple.com', '1.2.3.4', `${'a'.repeat(64)}.com`]) {
      expect(caught(() => ctx.store.addZone(bad, 'cloudflare')).code).toBe('INFRA_INVALID_INPUT');
    }
    expect(caught(() => ctx.store.addZone('ok.com', 'vultr')).message).toContain('Unknown DNS provider "vultr"');
    ctx.store.removeZone('another.org');
    expect(ctx.store.zones().map((z) => z.zone)).toEqual(['example.com']);
  });

  it('resolves the config folder from FAZT_CONFIG_DIR, XDG_CONFIG_HOME and HOME', () => {
    expect(new ConfigStore({ env: { FAZT_CONFIG_DIR: '/x/cfg', XDG_CONFIG_HOME: '/y' } }).dir).toBe('/x/cfg');
    expect(new ConfigStore({ env: { XDG_CONFIG_HOME: '/y', HOME: '/h' } }).dir).toBe('/y/fazt');
    expect(new ConfigStore({ env: { HOME: '/h' } }).dir).toBe('/h/.config/fazt');
  });
});
