/**
 * Fail fast where waiting cannot help: a provider endpoint that refuses connections or whose name
 * does not resolve, and a refused token, reach the user as typed errors naming the provider, the
 * endpoint and what to check, through the CLI on both read paths (the worker's read socket and
 * the workflow), for every provider; 5xx, 429 and dropped connections still retry and succeed.
 * The elapsed time of each failing command is printed (tests assert on content, never on time).
 */
import fs from 'node:fs';
import { quickClient } from '../../src/client/direct';
import type { InfraClient } from '../../src/client/api';
import { freePort } from '../helpers/free-port';
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from '../cli/harness';

const ZONE = 'fail-fast.test';
const TOKENS = { hetzner: ['hetzner-good-token'], digitalocean: ['do-good-token'], vultr: ['vultr-good-token'], cloudflare: ['cf-good-token'] };
const KIND: Record<string, 'vps' | 'dns'> = { hetzner: 'vps', digitalocean: 'vps', vultr: 'vps', cloudflare: 'dns' };

describe('fail fast on unreachable providers and refused tokens', () => {
  let sys: TestSystem;
  let socket: string;
  const paths: Record<string, () => { deps: { client: () => Promise<InfraClient> } }> = {};

  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { providers: ['hetzner', 'digitalocean', 'vultr', 'cloudflare'], hosts: false, dns: false, tokens: TOKENS },
      zones: [{ zone: ZONE, provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
    sys.client.close = async () => undefined;
    socket = sys.workers.readSocket!;
    for (let i = 0; i < 50 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    const workflows = async () => sys.client;
    paths.socket = () => ({ deps: { client: async () => quickClient(socket, workflows) } });
    paths.workflow = () => ({ deps: { client: workflows } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** Points `provider` at `endpoint` (and/or another token) for the duration of `fn`. */
  async function withCredential(provider: string, change: { endpoint?: string; token?: string }, fn: () => Promise<void>): Promise<void> {
    const key = `infra.${KIND[provider]}.${provider}`;
    const before = sys.store.resolveCredential(KIND[provider], provider);
    sys.store.set(key, undefined, { token: change.token ?? before.token, endpoint: change.endpoint ?? before.endpoint });
    try {
      await fn();
    } finally {
      sys.store.set(key, undefined, { token: before.token, endpoint: before.endpoint });
    }
  }

  async function cli(args: string[], path: 'socket' | 'workflow') {
    const t = Date.now();
    const r = await run([...args, '--json'], paths[path]());
    const ms = Date.now() - t;
    console.log(`fazt ${args.join(' ')} (${path}): exit ${r.exitCode} after ${(ms / 1000).toFixed(1)} s`);
    return { ...r, error: r.exitCode ? JSON.parse(r.out).error : undefined };
  }

  const reads: Record<string, string[]> = {
    hetzner: ['dev', 'infra', 'vps', 'types', 'hetzner'],
    digitalocean: ['dev', 'infra', 'vps', 'types', 'digitalocean'],
    vultr: ['dev', 'infra', 'vps', 'types', 'vultr'],
    cloudflare: ['dev', 'infra', 'dns', 'zones'],
  };

  describe.each(['socket', 'workflow'] as const)('through the %s path', (path) => {
    it.each(Object.keys(reads))('%s: connection refused → INFRA_UNREACHABLE naming provider, endpoint and what to check', async (provider) => {
      const endpoint = `http://127.0.0.1:${await freePort()}/v1`;
      await withCredential(provider, { endpoint }, async () => {
        const r = await cli(reads[provider], path);
        expect(r.exitCode).toBe(1);
        expect(r.error).toMatchObject({ code: 'INFRA_UNREACHABLE', provider, providerCode: 'ECONNREFUSED' });
        expect(r.error.message).toContain(`${provider}: cannot reach the API at ${endpoint}`);
        expect(r.error.message).toContain('check the endpoint');
        expect(r.error.hint).toBe(`fazt dev config infra.${KIND[provider]}.${provider} --token <token> --endpoint <url>`);
      });
    });

    it('vps list with a provider whose name does not resolve → INFRA_UNREACHABLE (ENOTFOUND)', async () => {
      const endpoint = `http://api-${path}.nonexistent.invalid/v1`;
      await withCredential('vultr', { endpoint }, async () => {
        const r = await cli(['dev', 'infra', 'vps', 'list'], path);
        expect(r.exitCode).toBe(1);
        expect(r.error).toMatchObject({ code: 'INFRA_UNREACHABLE', provider: 'vultr', providerCode: 'ENOTFOUND' });
        expect(r.error.message).toContain(`the name api-${path}.nonexistent.invalid does not resolve`);
        expect(r.error.message).toContain("this machine's DNS");
      });
    });

    it('vps types with a refused token → INFRA_UNAUTHORIZED saying which token to check', async () => {
      await withCredential('digitalocean', { token: 'do-wrong-token' }, async () => {
        const r = await cli(['dev', 'infra', 'vps', 'types', 'digitalocean'], path);
        expect(r.exitCode).toBe(1);
        expect(r.error).toMatchObject({ code: 'INFRA_UNAUTHORIZED', provider: 'digitalocean' });
        expect(r.error.message).toContain(`the token was refused (HTTP 401) at ${sys.sandbox.urls.digitalocean}`);
        expect(r.error.message).toContain('fazt dev config infra.vps.digitalocean --token <token>');
        expect(r.out).not.toContain('do-wrong-token');
      });
    });
  });

  it.each(Object.keys(reads))('%s: a refused token is INFRA_UNAUTHORIZED with the endpoint and the command to fix it', async (provider) => {
    await withCredential(provider, { token: 'wrong-token' }, async () => {
      const r = await cli(reads[provider], 'workflow');
      expect(r.error).toMatchObject({ code: 'INFRA_UNAUTHORIZED', provider });
      expect(r.error.message).toContain(`at ${sys.sandbox.urls[provider].replace(/\/+$/, '')}`);
      expect(r.error.message).toContain(`fazt dev config infra.${KIND[provider]}.${provider} --token <token>`);
      expect(JSON.stringify(r)).not.toContain('wrong-token');
    });
  });

  describe('transient faults keep their retries', () => {
    afterEach(() => {
      for (const h of Object.values(sys.sandbox.harness)) h.faults.clear();
    });

    it.each([
      ['hetzner', '5xx', '/server_types$'],
      ['vultr', '429', '/plans$'],
      ['digitalocean', 'lost', '/sizes$'],
    ] as const)('%s: two %s answers in a row, then the read succeeds', async (provider, kind, path) => {
      const harness = sys.sandbox.harness[provider];
      harness.faults.configure({ script: [{ kind, method: 'GET', path }, { kind, method: 'GET', path }] });
      const r = await cli(['dev', 'infra', 'vps', 'types', provider], 'workflow');
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.out).length).toBeGreaterThan(0);
      expect(harness.faults.injected.filter((f) => f.kind === kind).length).toBe(2);
    });

    it('a provider that answers again after refusing for a moment is not declared unreachable (bounded retry)', async () => {
      // A real listener that comes up 1.5 s after the first refusal: the retry inside the budget finds it.
      const port = await freePort();
      const target = new URL(sys.sandbox.urls.hetzner);
      const endpoint = `http://127.0.0.1:${port}${target.pathname}`;
      const net = await import('node:net');
      const proxy = net.createServer((c) => {
        const up = net.connect(Number(target.port), target.hostname);
        c.pipe(up).pipe(c);
        c.on('error', () => up.destroy());
        up.on('error', () => c.destroy());
      });
      const timer = setTimeout(() => proxy.listen(port, '127.0.0.1'), 1500);
      try {
        await withCredential('hetzner', { endpoint }, async () => {
          const r = await cli(['dev', 'infra', 'vps', 'list'], 'workflow');
          expect(r.exitCode).toBe(0);
        });
      } finally {
        clearTimeout(timer);
        await new Promise((res) => proxy.close(() => res(undefined)));
      }
    });
  });
});
