/** A server record as Hetzner renders it, with its status derived from the clock. */
import { findImage, findLocation, findServerType, IMAGES, priceEntry, SERVER_TYPES, type ImageInfo, type LocationInfo, type ServerTypeInfo } from './catalog';
import { hasRunningAction } from './actions';
import { iso, type ServerRec, type SimStore } from './state';

export type ServerStatus = 'initializing' | 'starting' | 'running' | 'stopping' | 'off' | 'deleting';

/**
 * initializing (first half of boot) → starting → running; power actions move between
 * stopping/off and starting/running; DELETE shows `deleting` until the action finishes.
 */
export function serverStatus(store: SimStore, s: ServerRec): ServerStatus {
  const now = store.now();
  if (s.deleteAt !== undefined) return 'deleting';
  // create_server runs for the first half of ctx.bootMs (see servers.ts), whether or not it starts after.
  if (now < s.created + Math.floor(store.ctx.bootMs / 2)) return 'initializing';
  if (now < s.bootAt) return 'starting';
  if (s.power === 'on') return now < s.powerAt ? 'starting' : 'running';
  return now < s.powerAt ? 'stopping' : 'off';
}

/** Drops servers whose delete action has finished (they answer 404 from then on). */
export function purgeDeleted(store: SimStore): void {
  const now = store.now();
  store.state.servers = store.state.servers.filter((s) => s.deleteAt === undefined || now < s.deleteAt);
}

export function renderLocation(l: LocationInfo) {
  const { datacenter: _dc, ...rest } = l;
  return rest;
}

export function renderDatacenter(l: LocationInfo) {
  const supported = SERVER_TYPES.filter((t) => t.locations.includes(l.name)).map((t) => t.id);
  const available = SERVER_TYPES.filter((t) => t.locations.includes(l.name) && !t.soldOut.includes(l.name)).map((t) => t.id);
  return { ...l.datacenter, location: renderLocation(l), server_types: { supported, available, available_for_migration: available } };
}

export function renderServerType(t: ServerTypeInfo) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    cores: t.cores,
    memory: t.memory,
    disk: t.disk,
    cpu_type: t.cpu_type,
    architecture: t.architecture,
    storage_type: 'local',
    category: t.category,
    deprecated: false,
    deprecation: null,
    prices: t.locations.map((loc) => priceEntry(t, loc)),
    // The real API says per location whether the type can be ordered there now (hcloud-python
    // 2.27 requires both keys); a sold-out type is neither available nor recommended.
    locations: t.locations.map((name) => {
      const available = !t.soldOut.includes(name);
      return { id: findLocation(name)!.id, name, deprecation: null, available, recommended: available };
    }),
  };
}

export function renderImage(i: ImageInfo) {
  return {
    id: i.id,
    type: 'system',
    status: 'available',
    name: i.name,
    description: i.description,
    image_size: null,
    disk_size: i.disk_size,
    created: i.created,
    created_from: null,
    bound_to: null,
    os_flavor: i.os_flavor,
    os_version: i.os_version,
    rapid_deploy: true,
    protection: { delete: false },
    deprecated: null,
    deleted: null,
    labels: {},
    architecture: i.architecture,
  };
}

/** `2001:db8:5::1` → `2001:db8:5::/64`: Hetzner hands out a /64 and reports the network. */
export function ipv6Network(addr: string): string {
  const [head, tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const net = groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16));
  while (net.length > 0 && net[net.length - 1] === '0') net.pop();
  return `${net.join(':')}::/64`;
}

export function renderServer(store: SimStore, s: ServerRec) {
  const type = findServerType(s.type)!;
  const loc = findLocation(s.location)!;
  const image = IMAGES.find((i) => i.id === s.imageId) ?? findImage('ubuntu-24.04', type.architecture)!;
  const reverse = s.ipv4 ? s.ipv4.split('.').reverse().join('.') : '';
  return {
    id: s.id,
    name: s.name,
    status: serverStatus(store, s),
    created: iso(s.created),
    public_net: {
      ipv4: s.ipv4 ? { id: s.id * 10 + 4, ip: s.ipv4, blocked: false, dns_ptr: `static.${reverse}.clients.your-server.de` } : null,
      ipv6: s.ipv6 ? { id: s.id * 10 + 6, ip: ipv6Network(s.ipv6), blocked: false, dns_ptr: [] } : null,
      floating_ips: [],
      firewalls: [],
    },
    private_net: [],
    server_type: renderServerType(type),
    datacenter: renderDatacenter(loc),
    location: renderLocation(loc),
    image: renderImage(image),
    iso: null,
    rescue_enabled: false,
    locked: hasRunningAction(store, 'server', s.id),
    backup_window: null,
    outgoing_traffic: 0,
    ingoing_traffic: 0,
    included_traffic: type.includedTrafficTb * 1024 ** 4,
    protection: s.protection,
    labels: s.labels,
    volumes: [],
    load_balancers: [],
    primary_disk_size: type.disk,
    placement_group: null,
  };
}
