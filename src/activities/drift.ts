/**
 * Day-two activities: compare what fazt knows (the inventory) with one provider's live lists, keep
 * the last report of each scheduled check, and the seam to the domain registrar. A provider that
 * cannot be read (down, rate limited, not configured) is reported `unknown` instead of failing the
 * check, so the others still complete. One list call per zone and per page, never one per resource.
 */
import { recordDrift, serverDrift, type DriftItem, type OwnedDomain, type ProviderCheck } from '../domain/drift';
import { InfraError } from '../domain/errors';
import { findProvider } from '../domain/providers';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';

export interface ProviderDrift {
  check: ProviderCheck;
  drift: DriftItem[];
}

/** Report names kept by {@link driftActivities}' saveReport / lastReport. */
export const REPORT_NAMES = ['drift', 'health', 'renewals'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export function driftActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  const unknown = (provider: string, kind: 'vps' | 'dns', err: unknown): ProviderDrift => ({
    check: { provider, kind, status: 'unknown', checked: 0, reason: err instanceof InfraError ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err) },
    drift: [],
  });
  return {
    /** fazt's servers at `provider` against one paged list of its managed servers. */
    async driftServers(input: { provider: string }): Promise<ProviderDrift> {
      const known = (deps.inventory?.read().servers ?? []).filter((s) => s.provider === input.provider);
      if (known.length === 0) return { check: { provider: input.provider, kind: 'vps', status: 'ok', checked: 0 }, drift: [] };
      try {
        const live = await access.vps(input.provider).listManaged();
        // An address fazt did not know yet (ordered before boot) is learned, not drift.
        for (const k of known) {
          const l = live.find((s) => s.id === k.id);
          if (l && !k.ip && l.ip) deps.inventory?.putServer({ ...k, ip: l.ip });
        }
        return { check: { provider: input.provider, kind: 'vps', status: 'ok', checked: known.length }, drift: serverDrift(input.provider, known, live) };
      } catch (err) {
        return unknown(input.provider, 'vps', err);
      }
    },
    /** The record sets fazt wrote in `provider`'s managed zones, one records list per zone. */
    async driftRecords(input: { provider: string }): Promise<ProviderDrift> {
      const zones = deps.zones.list().filter((z) => z.provider === input.provider).map((z) => z.zone);
      const known = (deps.inventory?.read().recordSets ?? []).filter((s) => s.provider === input.provider && zones.includes(s.zone));
      const drift: DriftItem[] = [];
      try {
        for (const zone of [...new Set(known.map((k) => k.zone))]) {
          const { dns, ref } = await access.zoneRef(zone);
          drift.push(...recordDrift(input.provider, known.filter((k) => k.zone === zone), await dns.getRecords(ref)));
        }
        return { check: { provider: input.provider, kind: 'dns', status: 'ok', checked: known.length }, drift };
      } catch (err) {
        return unknown(input.provider, 'dns', err);
      }
    },
    async saveReport(input: { name: ReportName; report: unknown }): Promise<void> {
      deps.reports?.save(input.name, input.report);
    },
    async lastReport(input: { name: ReportName }): Promise<unknown> {
      return deps.reports?.load(input.name) ?? null;
    },
    /**
     * Domains at every configured provider of the 'domain' kind (its Registrar's `list()`); a
     * registration still pending has no expiry yet and is left out. `reason` says why nothing was listed.
     */
    async listOwnedDomains(): Promise<{ domains: OwnedDomain[]; reason?: string }> {
      const providers = deps.configured('domain').filter((p) => findProvider(p)?.kinds.includes('domain' as never));
      const domains: OwnedDomain[] = [];
      let listed = 0;
      for (const provider of providers) {
        const registrar = access.instanceOf('domain', provider).registrar;
        if (!registrar) continue;
        listed++;
        for (const d of await registrar.list()) {
          if (d.expiresAt) domains.push({ domain: d.domain, provider, expiresAt: d.expiresAt, autoRenew: d.autoRenew });
        }
      }
      return listed ? { domains } : { domains, reason: 'no domain provider configured' };
    },
  };
}
