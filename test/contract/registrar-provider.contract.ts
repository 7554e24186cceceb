/**
 * The Registrar contract (src/providers/types.ts): authoritative check with exact prices, search
 * as suggestions, register → status until succeeded, get/list with nameservers, update, a second
 * registration refused, transfer-in per the capabilities. Runs against the simulator on every
 * run. It orders a registration, so it is not for a real account (purchases are non-refundable);
 * a live run would target Cloudflare's `registrar-sandbox` surface.
 */
import { InfraError } from '../../src/domain/errors';
import type { RegistrarProgress } from '../../src/domain/domains';
import { providerDescriptor } from '../../src/providers/registry';
import type { Registrar } from '../../src/providers/types';
import { eventually } from '../helpers/eventually';
import type { ContractTarget, ContractTargetFactory } from './sandbox-target';

export interface RegistrarContractOptions {
  /** A registrable name the suite may buy. */
  domain: string;
}

export function runRegistrarProviderContract(name: string, target: ContractTargetFactory, opts: RegistrarContractOptions): void {
  const caps = providerDescriptor(name).registrar!;
  describe(`Registrar contract: ${name}`, () => {
    let t: ContractTarget;
    let reg: Registrar;
    beforeAll(async () => {
      t = await target();
      reg = t.instance.registrar!;
      expect(reg).toBeDefined();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('checks names authoritatively, in order, with exact decimal prices and the currency', async () => {
      const [free, taken] = await reg.check([opts.domain, 'example.com']);
      expect(free).toMatchObject({ domain: opts.domain, available: true, premium: false });
      expect(free.pricing!.registration.amount).toMatch(/^\d+\.\d{2}$/);
      expect(free.pricing!.registration.minor).toBe(Math.round(Number(free.pricing!.registration.amount) * 100));
      expect(free.price).toBe(Number(free.pricing!.registration.amount));
      expect(free.currency).toMatch(/^[A-Z]{3}$/);
      expect(taken).toMatchObject({ domain: 'example.com', available: false });
      expect(taken.price).toBeUndefined();
    });

    it(`splits more than ${caps.maxCheck} names into several calls and keeps the order`, async () => {
      const names = Array.from({ length: caps.maxCheck + 3 }, (_, i) => `contract-many-${i}.com`);
      expect((await reg.check(names)).map((c) => c.domain)).toEqual(names);
    });

    it('searches: suggestions in several extensions', async () => {
      const s = await reg.search('fazt contract');
      expect(s.length).toBeGreaterThan(1);
      expect(new Set(s.map((d) => d.domain.split('.').slice(1).join('.'))).size).toBeGreaterThan(1);
    });

    it('has no registration for a name never ordered', async () => {
      expect(await reg.get(`never-${opts.domain}`)).toBeNull();
      expect(await reg.status(`never-${opts.domain}`)).toBeNull();
    });

    it('registers, reaches succeeded, lists and gets it with nameservers, refuses it twice, updates auto-renew', async () => {
      const first = await reg.register({ domain: opts.domain, years: 1, autoRenew: false, privacy: true });
      expect(['pending', 'in_progress', 'succeeded', 'blocked']).toContain(first.state);
      const done = await eventually(async () => {
        const s = (await reg.status(opts.domain)) as RegistrarProgress;
        return s.state === 'succeeded' ? s : null;
      });
      expect(done.completed).toBe(true);
      const owned = await reg.get(opts.domain);
      expect(owned).toMatchObject({ domain: opts.domain, status: 'registered', autoRenew: false, privacy: true });
      expect(owned!.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(owned!.nameservers.length).toBeGreaterThanOrEqual(2);
      expect((await reg.list()).map((d) => d.domain)).toContain(opts.domain);
      await expect(reg.register({ domain: opts.domain, years: 1, autoRenew: false, privacy: true })).rejects.toMatchObject({ code: 'INFRA_CONFLICT' });
      expect((await reg.update(opts.domain, { autoRenew: true })).state).not.toBe('failed');
      expect((await reg.get(opts.domain))!.autoRenew).toBe(true);
    });

    it('refuses an update of a domain the account does not hold with INFRA_NOT_FOUND', async () => {
      await expect(reg.update(`never-${opts.domain}`, { autoRenew: true })).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
    });

    it('transfers in, or says it cannot and names the manual step', async () => {
      if (caps.transferIn) return;
      const err = await reg.transfer({ domain: 'elsewhere-owned.com', authCode: 'abc123' }).catch((e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect(err.code).toBe('INFRA_NOT_SUPPORTED');
      expect(err.retryable).toBe(false);
      expect(err.message).toMatch(/dashboard/);
    });

    it('rejects a bad token with INFRA_UNAUTHORIZED', async () => {
      await expect(t.withToken('wrong-token').registrar!.check([opts.domain])).rejects.toMatchObject({ code: 'INFRA_UNAUTHORIZED' });
    });
  });
}
