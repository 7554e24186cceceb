/** Renders droplets and actions in DO's wire format, computing lifecycle status from the clock. */
import { findImage, imageWire, REGIONS, regionWire, SIZES, sizeWire } from './catalog';
import { isoSeconds } from './http';
import type { ActionState, DoState, DropletState } from './state';

/** `new` until boot, then the last power state that has taken effect. */
export function dropletStatus(d: DropletState, now: number): 'new' | 'active' | 'off' {
  if (now < d.bootAt) return 'new';
  let status: 'active' | 'off' = 'active';
  for (const p of d.power) if (p.at <= now) status = p.status;
  return status;
}

/** True while an action on this droplet (including its create) has not completed. */
export function hasPendingAction(s: DoState, dropletId: number, now: number): boolean {
  return s.actions.some((a) => a.resourceId === dropletId && a.completesAt > now);
}

export function dropletWire(d: DropletState, now: number): Record<string, unknown> {
  const size = SIZES.find((x) => x.slug === d.sizeSlug)!;
  const region = REGIONS.find((r) => r.slug === d.regionSlug)!;
  const image = findImage(d.imageId);
  const status = dropletStatus(d, now);
  const networked = status !== 'new';
  const features = [
    ...(d.monitoring ? ['monitoring'] : []),
    ...(d.ipv6Enabled ? ['ipv6'] : []),
    ...(d.backups ? ['backups'] : []),
    'droplet_agent',
    'private_networking',
  ];
  return {
    id: d.id,
    name: d.name,
    memory: size.memory,
    vcpus: size.vcpus,
    disk: size.disk,
    disk_info: [{ type: 'local', size: { amount: size.disk, unit: 'gib' } }],
    locked: false,
    status,
    kernel: null,
    created_at: isoSeconds(d.createdAt),
    features,
    backup_ids: [],
    next_backup_window: d.backups ? { start: isoSeconds(d.createdAt + 86_400_000), end: isoSeconds(d.createdAt + 93_600_000) } : null,
    snapshot_ids: [],
    image: image ? imageWire(image) : {},
    volume_ids: [],
    size: sizeWire(size),
    size_slug: size.slug,
    networks: {
      v4: networked
        ? [
            { ip_address: d.ipv4, netmask: '255.255.240.0', gateway: gatewayOf(d.ipv4), type: 'public' },
            { ip_address: `10.110.${(d.id >> 8) & 255}.${d.id & 255}`, netmask: '255.255.0.0', gateway: '10.110.0.1', type: 'private' },
          ]
        : [],
      v6: networked && d.ipv6Enabled ? [{ ip_address: d.ipv6, netmask: 64, gateway: d.ipv6.replace(/::[0-9a-f]*$/, '::1'), type: 'public' }] : [],
    },
    region: regionWire(region),
    tags: [...d.tags],
    vpc_uuid: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
  };
}

function gatewayOf(ipv4: string): string {
  const parts = ipv4.split('.');
  parts[3] = '1';
  return parts.join('.');
}

export function actionWire(a: ActionState, now: number): Record<string, unknown> {
  const done = now >= a.completesAt;
  const region = REGIONS.find((r) => r.slug === a.regionSlug);
  return {
    id: a.id,
    status: done ? 'completed' : 'in-progress',
    type: a.type,
    started_at: isoSeconds(a.startedAt),
    completed_at: done ? isoSeconds(a.completesAt) : null,
    resource_id: a.resourceId,
    resource_type: a.resourceType,
    ...(region ? { region: regionWire(region) } : {}),
    region_slug: a.regionSlug,
  };
}
