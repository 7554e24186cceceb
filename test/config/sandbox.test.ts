import { applySandboxSettings } from '../../src/config';
import { InfraError } from '../../src/domain/errors';
import type { SandboxSettings } from '../../src/sandbox';
import { allBytes, freshStore, HETZNER_TOKEN } from './helpers';

const settings: SandboxSettings = {
  endpoints: {
    hetzner: 'http://127.0.0.1:41001/v1',
    digitalocean: 'http://127.0.0.1:41002/v2',
    vultr: 'http://127.0.0.1:41003/v2',
    cloudflare: 'http://127.0.0.1:41004/client/v4',
  },
  tokens: { hetzner: 'sandbox-hetzner-token', digitalocean: 'sandbox-digitalocean-token', vultr: 'sandbox-vultr-token', cloudflare: 'sandbox-cloudflare-token' },
  sshPort: 42022,
  sshUser: 'root',
  resolvers: ['127.0.0.1:42053', '127.0.0.1:42054'],
  authoritative: '127.0.0.1:42052',
};

describe('applySandboxSettings', () => {
  let ctx: ReturnType<typeof freshStore>;
  beforeEach(() => {
    ctx = freshStore();
  });
  afterEach(() => ctx.cleanup());

  it('writes endpoints, tokens, SSH port, resolvers and marks sandbox mode', () => {
    expect(ctx.store.isSandbox()).toBe(false);
    applySandboxSettings(ctx.store, settings);
    expect(ctx.store.isSandbox()).toBe(true);
    expect(ctx.store.resolveCredential('vps', 'vultr')).toEqual({ token: 'sandbox-vultr-token', endpoint: 'http://127.0.0.1:41003/v2', source: 'store', from: 'infra.vps.vultr' });
    expect(ctx.store.resolveCredential('dns', 'hetzner').endpoint).toBe('http://127.0.0.1:41001/v1');
    expect(ctx.store.resolveCredential('domain', 'cloudflare').endpoint).toBe('http://127.0.0.1:41004/client/v4');
    expect(ctx.store.defaultProvider('vps')).toBe('hetzner');
    expect(ctx.store.defaultProvider('dns')).toBe('cloudflare');
    expect(ctx.store.settings()).toEqual({
      ssh: { port: 42022, user: 'root' },
      dns: { resolvers: ['127.0.0.1:42053', '127.0.0.1:42054'], authoritative: '127.0.0.1:42052' },
      confirm: { timeout: '15m' },
      sandbox: true,
    });
    expect(allBytes(ctx.dir)).not.toContain('sandbox-vultr-token');
  });

  it('re-applies on new ports, and leaving sandbox mode removes what it wrote', () => {
    applySandboxSettings(ctx.store, settings);
    applySandboxSettings(ctx.store, { ...settings, endpoints: { hetzner: 'http://127.0.0.1:43001/v1' }, tokens: { hetzner: 'sandbox-hetzner-token' } });
    expect(ctx.store.configuredProviders('vps')).toEqual(['hetzner']);
    expect(ctx.store.resolveCredential('vps', 'hetzner').endpoint).toBe('http://127.0.0.1:43001/v1');
    ctx.store.set('infra.confirm.timeout', '5m');
    ctx.store.unset('infra.sandbox');
    expect(ctx.store.isSandbox()).toBe(false);
    expect(ctx.store.configuredProviders('vps')).toEqual([]);
    expect(ctx.store.settings()).toMatchObject({ ssh: { port: 22 }, dns: { resolvers: [], authoritative: null }, confirm: { timeout: '5m' } });
  });

  it('never overwrites credentials the user stored', () => {
    ctx.store.set('infra.vps.hetzner', undefined, { token: HETZNER_TOKEN });
    expect(() => applySandboxSettings(ctx.store, settings)).toThrow(InfraError);
    expect(ctx.store.isSandbox()).toBe(false);
    applySandboxSettings(ctx.store, settings, { force: true });
    expect(ctx.store.resolveCredential('vps', 'hetzner')).toEqual({ token: HETZNER_TOKEN, source: 'store', from: 'infra.vps.hetzner' });
    expect(ctx.store.resolveCredential('vps', 'vultr').token).toBe('sandbox-vultr-token');
  });
});
