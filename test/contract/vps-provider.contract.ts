/**
 * The VpsProvider and SshKeyProvider contract (src/providers/types.ts): what the doc comments
 * promise is what is checked here. Every VPS adapter runs it against its simulator over HTTP
 * (test/providers), and against a real account when test/live is configured: the target comes
 * from a factory.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { InfraError } from '../../src/domain/errors';
import { parseServerId } from '../../src/domain/ids';
import type { SshKeyProvider, VpsProvider } from '../../src/providers/types';
import { eventually, type ContractTarget, type ContractTargetFactory } from './sandbox-target';

export interface VpsContractOptions {
  type: string;
  region: string;
  image: string;
  /**
   * Starts every server, SSH key and operation id the suite makes; whatever starts with it is
   * deleted afterwards. Live runs use a unique `fazt-test-…` one. @default `contract-<provider>`
   */
  prefix?: string;
  /** How long a server may take to run or go away. @default 15000 (the sandbox boots in 200 ms) */
  waitMs?: number;
  /**
   * Also create eight more servers and check that listManaged counts each exactly once. Live runs
   * leave it out: it would buy eight servers for what the sandbox checks on every run. (Eight do
   * not fill a page: the adapters ask for 50 to 200 a page; paging has its own adapter tests.)
   * @default true
   */
  burst?: boolean;
}

function newPublicKey(comment: string): string {
  const pair = generateEd25519(comment);
  return pair.public.trim();
}

/** Retries `fn` while the provider answers INFRA_CONFLICT (an action on the server still runs). */
async function unlessBusy(fn: () => Promise<unknown>, waitMs: number): Promise<void> {
  await eventually(async () => {
    try {
      await fn();
      return true;
    } catch (e) {
      if (e instanceof InfraError && e.code === 'INFRA_CONFLICT') return false;
      throw e;
    }
  }, waitMs, 500);
}

/** Runs the contract for provider `name` against the adapter `target` builds (once, in beforeAll). */
export function runVpsProviderContract(name: string, target: ContractTargetFactory, opts: VpsContractOptions): void {
  const prefix = opts.prefix ?? `contract-${name}`;
  const waitMs = opts.waitMs ?? 15_000;
  const wait = <T>(fn: () => Promise<T | null | undefined | false>) => eventually(fn, waitMs, waitMs > 15_000 ? 2000 : 100);
  const spec = { type: opts.type, region: opts.region, image: opts.image, sshKeys: [] as string[] };

  describe(`VpsProvider contract: ${name}`, () => {
    let t: ContractTarget | undefined;
    let vps: VpsProvider;
    let keys: SshKeyProvider | undefined;

    beforeAll(async () => {
      t = await target();
      vps = t.instance.vps!;
      keys = t.instance.sshKeys;
      expect(vps).toBeDefined();
    });
    afterAll(async () => {
      try {
        if (vps) {
          for (const s of (await vps.listManaged()).filter((x) => x.name.startsWith(prefix))) await unlessBusy(() => vps.destroy(s.providerId), waitMs);
        }
        if (keys) await keys.removeKey(`${prefix}-key`);
      } finally {
        await t?.cleanup();
      }
    }, Math.max(60_000, 4 * waitMs));

    it('lists types with prices and regions with countries', async () => {
      const types = await vps.types();
      expect(types.length).toBeGreaterThan(0);
      const chosen = types.find((x) => x.id === opts.type);
      expect(chosen).toBeDefined();
      expect(chosen!.price).toBeGreaterThan(0);
      expect(chosen!.vcpus).toBeGreaterThan(0);
      expect(chosen!.ram).toBeGreaterThanOrEqual(512);
      const regions = await vps.regions();
      const region = regions.find((r) => r.id === opts.region);
      expect(region).toBeDefined();
      expect(region!.country).toMatch(/^[A-Z]{2}$/);
    });

    it('creates a labelled server that findByOperation, get, findByName and listManaged all see', async () => {
      const created = await vps.create({ ...spec, name: `${prefix}-1`, operationId: `${prefix}-op-1`, userData: '#cloud-config\n{}\n' });
      expect(created.provider).toBe(name);
      expect(parseServerId(created.id)).toEqual({ provider: name, providerId: created.providerId });
      expect(created.name).toBe(`${prefix}-1`);
      expect(created.operationId).toBe(`${prefix}-op-1`);
      expect(created.managed).toBe(true);
      expect(created.type).toBe(opts.type);
      expect(created.region).toBe(opts.region);
      expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

      const found = await vps.findByOperation(`${prefix}-op-1`);
      expect(found?.providerId).toBe(created.providerId);
      expect(await vps.findByOperation(`${prefix}-op-none`)).toBeNull();
      expect((await vps.findByName(`${prefix}-1`))?.providerId).toBe(created.providerId);
      expect(await vps.findByName(`${prefix}-no-such-server`)).toBeNull();

      const running = await wait(async () => {
        const s = await vps.get(created.providerId);
        return s?.status === 'running' ? s : null;
      });
      expect(running.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(running.monthlyCost).toBeGreaterThan(0);

      const managed = await vps.listManaged();
      expect(managed.map((s) => s.providerId)).toContain(created.providerId);
    });

    it('get of a missing server is null, reboot of one is INFRA_NOT_FOUND', async () => {
      const missing = name === 'vultr' ? '00000000-0000-4000-8000-000000000000' : '999999999';
      expect(await vps.get(missing)).toBeNull();
      await expect(vps.reboot(missing)).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
    });

    it('reboots, then destroys idempotently', async () => {
      const s = await vps.create({ ...spec, name: `${prefix}-2`, operationId: `${prefix}-op-2` });
      await wait(async () => (await vps.get(s.providerId))?.status === 'running');
      await unlessBusy(() => vps.reboot(s.providerId), waitMs);
      await unlessBusy(() => vps.destroy(s.providerId), waitMs);
      await wait(async () => (await vps.get(s.providerId)) === null);
      await vps.destroy(s.providerId); // absent: still success
      expect(await vps.findByOperation(`${prefix}-op-2`)).toBeNull();
    });

    it('rejects a server name that already exists with INFRA_CONFLICT', async () => {
      await vps.create({ ...spec, name: `${prefix}-dup`, operationId: `${prefix}-op-dup-1` });
      if (name === 'hetzner') {
        await expect(vps.create({ ...spec, name: `${prefix}-dup`, operationId: `${prefix}-op-dup-2` })).rejects.toMatchObject({ code: 'INFRA_CONFLICT', provider: name });
      }
    });

    if (opts.burst ?? true) {
      it('lists each of a burst of new servers exactly once', async () => {
        const before = (await vps.listManaged()).length;
        for (let i = 0; i < 8; i++) await vps.create({ ...spec, name: `${prefix}-page-${i}`, operationId: `${prefix}-op-page-${i}` });
        const after = await vps.listManaged();
        expect(after.length).toBe(before + 8);
        expect(new Set(after.map((s) => s.id)).size).toBe(after.length);
      });
    }

    it('manages ssh keys idempotently', async () => {
      if (!keys) return expect(t!.instance.sshKeys).toBeUndefined();
      const keyName = `${prefix}-key`;
      const pub = newPublicKey('contract@test');
      const k1 = await keys.addKey(keyName, pub);
      expect(k1.name).toBe(keyName);
      expect(k1.fingerprint).toMatch(/[0-9a-f]{2}(:[0-9a-f]{2}){15}/);
      const k2 = await keys.addKey(keyName, pub);
      expect(k2.id).toBe(k1.id);
      await expect(keys.addKey(keyName, newPublicKey('other@test'))).rejects.toMatchObject({ code: 'INFRA_CONFLICT' });
      expect((await keys.listKeys()).map((k) => k.name)).toContain(keyName);
      await keys.removeKey(keyName);
      await keys.removeKey(keyName);
      expect((await keys.listKeys()).map((k) => k.name)).not.toContain(keyName);
    });

    it('maps a rejected token to INFRA_UNAUTHORIZED without leaking it', async () => {
      const bad = t!.withToken('wrong-secret-token-value-123');
      const err = await bad.vps!.types().catch((e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect(err.code).toBe('INFRA_UNAUTHORIZED');
      expect(err.provider).toBe(name);
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('wrong-secret-token-value-123');
    });
  });
}
