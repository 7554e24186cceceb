/**
 * The wire form of an instance at a moment in time. Lifecycle is lazy: `pending` with main_ip
 * `0.0.0.0` and server_status `none` until `bootAt`, then `active`/`ok` with real addresses
 * (VU-SPEC create example; provider-api-notes §3.3); `installingbooting` for actionMs after a
 * reboot or start.
 */
import { findOs, findPlan, HOURS_PER_MONTH } from './catalog';
import type { InstanceRec, VultrState } from './state';

/** Vultr's timestamp style: `2020-10-10T01:56:20+00:00`. */
export function vultrDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function instanceView(r: InstanceRec, now: number, withPassword = false): Record<string, unknown> {
  const plan = findPlan(r.plan);
  const booted = now >= r.bootAt;
  const v6 = booted && r.ipv6Enabled;
  const v6Network = v6 ? r.ipv6Addr.replace(/::[0-9a-f]*$/i, '::') : '';
  const features = [...(r.ipv6Enabled ? ['ipv6'] : [])];
  const serverStatus = !booted ? 'none' : now < r.busyUntil ? 'installingbooting' : 'ok';
  const view: Record<string, unknown> = {
    id: r.id,
    os: findOs(r.osId)?.name ?? 'Custom',
    ram: plan?.ram ?? 0,
    disk: plan?.disk ?? 0,
    main_ip: booted ? r.ipv4 : '0.0.0.0',
    vcpu_count: plan?.vcpu_count ?? 0,
    region: r.region,
    plan: r.plan,
    date_created: vultrDate(r.createdAt),
    status: booted ? 'active' : 'pending',
    allowed_bandwidth: plan?.bandwidth ?? 0,
    netmask_v4: booted ? '255.255.254.0' : '',
    gateway_v4: booted ? r.ipv4.replace(/\.\d+$/, '.1') : '0.0.0.0',
    power_status: r.powerStatus,
    server_status: serverStatus,
    v6_network: v6Network,
    v6_main_ip: v6 ? r.ipv6Addr : '',
    v6_network_size: v6 ? 64 : 0,
    v6_networks: v6 ? [{ network: v6Network, main_ip: r.ipv6Addr, network_size: 64 }] : [],
    label: r.label,
    internal_ip: '',
    kvm: booted ? `https://my.vultr.com/subs/vps/novnc/api.php?data=${Buffer.from(r.id).toString('base64url')}` : '',
    hostname: r.hostname,
    os_id: r.osId,
    app_id: r.appId,
    image_id: r.imageId,
    firewall_group_id: '',
    features,
    tags: [...r.tags],
  };
  if (withPassword) view.default_password = r.defaultPassword;
  return view;
}

/** What an instance has cost so far: hourly, capped at the monthly price. */
export function instanceCharges(r: InstanceRec, now: number): number {
  const monthly = findPlan(r.plan)?.monthly_cost ?? 0;
  const hours = Math.max(0, now - r.createdAt) / 3_600_000;
  return Math.min(monthly, (monthly / HOURS_PER_MONTH) * hours);
}

/** Unbilled charges of the month: live instances plus deleted ones. */
export function pendingCharges(s: VultrState, now: number): number {
  const live = s.instances.reduce((sum, r) => sum + instanceCharges(r, now), 0);
  return Math.round((live + s.account.accrued) * 100) / 100;
}
