/**
 * The VpsProvider and SshKeyProvider contract (src/providers/types.ts), run by every VPS adapter
 * against its own simulator over HTTP. What the doc comments promise is what is checked here.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { InfraError } from '../../src/domain/errors';
import { parseServerId } from '../../src/domain/ids';
import { providerDescriptor } from '../../src/providers/registry';
import type { SshKeyProvider, VpsProvider } from '../../src/providers/types';
import { eventually, sandboxTarget, type SandboxTarget } from './sandbox-target';

export interface VpsContractOptions {
  type: string;
  region: string;
  image: string;
}

function newPublicKey(comment: string): string {
  const pair = generateEd25519(comment);
  return pair.public.trim();
}

export function runVpsProviderContract(name: string, opts: VpsContractOptions): void {
  describe(`VpsProvider contract: ${name}`, () => {
    let t: SandboxTarget;
    let vps: VpsProvider;
    let keys: SshKeyProvider | undefined;

    beforeAll(async () => {
      t = await sandboxTarget(name);
      vps = t.instance.vps!;
      keys = t.instance.sshKeys;
      expect(vps).toBeDefined();
    });
    afterAll(async () => {
      await t?.sandbox.stop();
    });

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
      const created = await vps.create({
        name: `contract-${name}-1`, type: opts.type, region: opts.region, image: opts.image, sshKeys: [],
        operationId: 'op-contract-1', userData: '#cloud-config\n{}\n',
      });
      expect(created.provider).toBe(name);
      expect(parseServerId(created.id)).toEqual({ provider: name, providerId: created.providerId });
      expect(created.name).toBe(`contract-${name}-1`);
      expect(created.operationId).toBe('op-contract-1');
      expect(created.managed).toBe(true);
      expect(created.type).toBe(opts.type);
      expect(created.region).toBe(opts.region);
      expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

      const found = await vps.findByOperation('op-contract-1');
      expect(found?.providerId).toBe(created.providerId);
      expect(await vps.findByOperation('op-contract-none')).toBeNull();
      expect((await vps.findByName(`contract-${name}-1`))?.providerId).toBe(created.providerId);
      expect(await vps.findByName('no-such-server')).toBeNull();

      const running = await eventually(async () => {
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
      const s = await vps.create({
        name: `contract-${name}-2`, type: opts.type, region: opts.region, image: opts.image, sshKeys: [], operationId: 'op-contract-2',
      });
      await eventually(async () => (await vps.get(s.providerId))?.status === 'running');
      await eventually(async () => {
        try {
          await vps.reboot(s.providerId);
          return true;
        } catch (e) {
          if (e instanceof InfraError && e.code === 'INFRA_CONFLICT') return false; // an action still runs
          throw e;
        }
      });
      await eventually(async () => {
        try {
          await vps.destroy(s.providerId);
          return true;
        } catch (e) {
          if (e instanceof InfraError && e.code === 'INFRA_CONFLICT') return false;
          throw e;
        }
      });
      await eventually(async () => (await vps.get(s.providerId)) === null);
      await vps.destroy(s.providerId); // absent: still success
      expect(await vps.findByOperation('op-contract-2')).toBeNull();
    });

    it('rejects a server name that already exists with INFRA_CONFLICT', async () => {
      await vps.create({ name: `contract-${name}-dup`, type: opts.type, region: opts.region, image: opts.image, sshKeys: [], operationId: 'op-dup-1' });
      if (name === 'hetzner') {
        await expect(
          vps.create({ name: `contract-${name}-dup`, type: opts.type, region: opts.region, image: opts.image, sshKeys: [], operationId: 'op-dup-2' }),
        ).rejects.toMatchObject({ code: 'INFRA_CONFLICT', provider: name });
      }
    });

    it('pages through more servers than one page holds', async () => {
      const before = (await vps.listManaged()).length;
      for (let i = 0; i < 8; i++) {
        await vps.create({ name: `page-${name}-${i}`, type: opts.type, region: opts.region, image: opts.image, sshKeys: [], operationId: `op-page-${i}` });
      }
      const after = await vps.listManaged();
      expect(after.length).toBe(before + 8);
      expect(new Set(after.map((s) => s.id)).size).toBe(after.length);
    });

    it('manages ssh keys idempotently', async () => {
      if (!keys) return expect(t.instance.sshKeys).toBeUndefined();
      const pub = newPublicKey('contract@test');
      const k1 = await keys.addKey('contract-key', pub);
      expect(k1.name).toBe('contract-key');
      expect(k1.fingerprint).toMatch(/[0-9a-f]{2}(:[0-9a-f]{2}){15}/);
      const k2 = await keys.addKey('contract-key', pub);
      expect(k2.id).toBe(k1.id);
      await expect(keys.addKey('contract-key', newPublicKey('other@test'))).rejects.toMatchObject({ code: 'INFRA_CONFLICT' });
      expect((await keys.listKeys()).map((k) => k.name)).toContain('contract-key');
      await keys.removeKey('contract-key');
      await keys.removeKey('contract-key');
      expect((await keys.listKeys()).map((k) => k.name)).not.toContain('contract-key');
    });

    it('maps a rejected token to INFRA_UNAUTHORIZED without leaking it', async () => {
      const bad = providerDescriptor(name).create({ token: 'wrong-secret-token-value-123', endpoint: t.sandbox.urls[name] });
      const err = await bad.vps!.types().catch((e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect(err.code).toBe('INFRA_UNAUTHORIZED');
      expect(err.provider).toBe(name);
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('wrong-secret-token-value-123');
    });
  });
}
