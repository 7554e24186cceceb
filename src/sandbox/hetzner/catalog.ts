/**
 * The static catalogue: locations, datacenters, server types with per-location prices, and system
 * images, shaped like Hetzner's responses (2025 line-up: cx/cpx/cax/ccx). Prices are decimal
 * strings with 16 places, net and gross (19 % German VAT), as the API sends them.
 */

export interface LocationInfo {
  id: number;
  name: string;
  description: string;
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  network_zone: string;
  datacenter: { id: number; name: string; description: string };
}

export const LOCATIONS: LocationInfo[] = [
  { id: 1, name: 'fsn1', description: 'Falkenstein DC Park 1', country: 'DE', city: 'Falkenstein', latitude: 50.47612, longitude: 12.370071, network_zone: 'eu-central', datacenter: { id: 4, name: 'fsn1-dc14', description: 'Falkenstein 1 virtual DC 14' } },
  { id: 2, name: 'nbg1', description: 'Nuremberg DC Park 1', country: 'DE', city: 'Nuremberg', latitude: 49.452102, longitude: 11.076665, network_zone: 'eu-central', datacenter: { id: 2, name: 'nbg1-dc3', description: 'Nuremberg 1 virtual DC 3' } },
  { id: 3, name: 'hel1', description: 'Helsinki DC Park 1', country: 'FI', city: 'Helsinki', latitude: 60.169855, longitude: 24.938379, network_zone: 'eu-central', datacenter: { id: 3, name: 'hel1-dc2', description: 'Helsinki 1 virtual DC 2' } },
  { id: 4, name: 'ash', description: 'Ashburn, VA', country: 'US', city: 'Ashburn, VA', latitude: 39.045821, longitude: -77.487073, network_zone: 'us-east', datacenter: { id: 5, name: 'ash-dc1', description: 'Ashburn virtual DC 1' } },
  { id: 5, name: 'hil', description: 'Hillsboro, OR', country: 'US', city: 'Hillsboro, OR', latitude: 45.54222, longitude: -122.951924, network_zone: 'us-west', datacenter: { id: 6, name: 'hil-dc1', description: 'Hillsboro virtual DC 1' } },
  { id: 6, name: 'sin', description: 'Singapore', country: 'SG', city: 'Singapore', latitude: 1.283333, longitude: 103.833333, network_zone: 'ap-southeast', datacenter: { id: 7, name: 'sin-dc1', description: 'Singapore virtual DC 1' } },
];

const EU = ['fsn1', 'nbg1', 'hel1'];
const ALL = LOCATIONS.map((l) => l.name);

export interface ServerTypeInfo {
  id: number;
  name: string;
  description: string;
  cores: number;
  /** GB. */
  memory: number;
  /** GB. */
  disk: number;
  cpu_type: 'shared' | 'dedicated';
  architecture: 'x86' | 'arm';
  category: string;
  /** Net monthly price in EUR in EU locations; US/SG cost a little more, as at Hetzner. */
  monthlyNet: number;
  /** Locations where the type is offered at all. */
  locations: string[];
  /** Offered but sold out (orders fail with `resource_unavailable`). */
  soldOut: string[];
  includedTrafficTb: number;
}

const t = (id: number, name: string, cores: number, memory: number, disk: number, cpu: 'shared' | 'dedicated', arch: 'x86' | 'arm',
  category: string, monthlyNet: number, locations: string[], soldOut: string[] = [], traffic = 20): ServerTypeInfo => ({
  id, name, description: name.toUpperCase(), cores, memory, disk, cpu_type: cpu, architecture: arch, category, monthlyNet, locations, soldOut, includedTrafficTb: traffic,
});

export const SERVER_TYPES: ServerTypeInfo[] = [
  t(104, 'cx22', 2, 4, 40, 'shared', 'x86', 'cost_optimized', 3.79, EU),
  t(105, 'cx32', 4, 8, 80, 'shared', 'x86', 'cost_optimized', 6.8, EU),
  t(106, 'cx42', 8, 16, 160, 'shared', 'x86', 'cost_optimized', 16.4, EU),
  t(107, 'cx52', 16, 32, 320, 'shared', 'x86', 'cost_optimized', 32.4, EU),
  t(22, 'cpx11', 2, 2, 40, 'shared', 'x86', 'regular_purpose', 4.35, ALL, [], 1),
  t(23, 'cpx21', 3, 4, 80, 'shared', 'x86', 'regular_purpose', 7.55, ALL, [], 2),
  t(24, 'cpx31', 4, 8, 160, 'shared', 'x86', 'regular_purpose', 13.6, ALL, [], 3),
  t(25, 'cpx41', 8, 16, 240, 'shared', 'x86', 'regular_purpose', 25.2, ALL, ['sin'], 4),
  t(26, 'cpx51', 16, 32, 360, 'shared', 'x86', 'regular_purpose', 54.9, ALL, ['sin'], 5),
  t(45, 'cax11', 2, 4, 40, 'shared', 'arm', 'cost_optimized', 3.79, EU),
  t(93, 'cax21', 4, 8, 80, 'shared', 'arm', 'cost_optimized', 6.49, EU),
  t(94, 'cax31', 8, 16, 160, 'shared', 'arm', 'cost_optimized', 12.49, EU, ['hel1']),
  t(95, 'cax41', 16, 32, 320, 'shared', 'arm', 'cost_optimized', 24.49, EU, ['hel1']),
  t(96, 'ccx13', 2, 8, 80, 'dedicated', 'x86', 'general_purpose', 12.49, ALL),
  t(97, 'ccx23', 4, 16, 160, 'dedicated', 'x86', 'general_purpose', 24.49, ALL),
  t(98, 'ccx33', 8, 32, 240, 'dedicated', 'x86', 'general_purpose', 48.49, ALL, ['hil']),
];

/** Net monthly price of a type in a location: US and Singapore list higher. */
export function monthlyNet(type: ServerTypeInfo, location: string): number {
  const factor = location === 'sin' ? 1.25 : location === 'ash' || location === 'hil' ? 1.1 : 1;
  return Math.round(type.monthlyNet * factor * 100) / 100;
}

/** Hetzner's decimal-string money format: rounded to 4 places, written with 16 (`"4.5101000000000000"`). */
export function money(n: number): string {
  return `${(Math.round(n * 10_000) / 10_000).toFixed(4)}000000000000`;
}

export function priceEntry(type: ServerTypeInfo, location: string) {
  const net = monthlyNet(type, location);
  // Hetzner bills hourly and caps at the monthly price; ~ /730 rounded up to 4 places.
  const hourly = Math.ceil((net / 730) * 10_000) / 10_000;
  const perTb = location === 'sin' ? 7.4 : 1;
  return {
    location,
    price_hourly: { net: money(hourly), gross: money(hourly * 1.19) },
    price_monthly: { net: money(net), gross: money(net * 1.19) },
    included_traffic: type.includedTrafficTb * 1024 ** 4,
    price_per_tb_traffic: { net: money(perTb), gross: money(perTb * 1.19) },
  };
}

export interface ImageInfo {
  id: number;
  name: string;
  description: string;
  os_flavor: 'ubuntu' | 'debian' | 'fedora' | 'rocky' | 'alma';
  os_version: string;
  architecture: 'x86' | 'arm';
  created: string;
  disk_size: number;
}

const img = (id: number, name: string, description: string, flavor: ImageInfo['os_flavor'], version: string, arch: 'x86' | 'arm', created: string): ImageInfo =>
  ({ id, name, description, os_flavor: flavor, os_version: version, architecture: arch, created, disk_size: 5 });

export const IMAGES: ImageInfo[] = [
  img(161547269, 'ubuntu-24.04', 'Ubuntu 24.04', 'ubuntu', '24.04', 'x86', '2024-04-25T14:22:04Z'),
  img(161547270, 'ubuntu-24.04', 'Ubuntu 24.04', 'ubuntu', '24.04', 'arm', '2024-04-25T14:22:05Z'),
  img(67794396, 'ubuntu-22.04', 'Ubuntu 22.04', 'ubuntu', '22.04', 'x86', '2022-04-21T13:32:38Z'),
  img(103908070, 'ubuntu-22.04', 'Ubuntu 22.04', 'ubuntu', '22.04', 'arm', '2023-01-24T10:44:10Z'),
  img(114690387, 'debian-12', 'Debian 12', 'debian', '12', 'x86', '2023-06-13T06:00:02Z'),
  img(114690389, 'debian-12', 'Debian 12', 'debian', '12', 'arm', '2023-06-13T06:00:03Z'),
  img(242270452, 'debian-13', 'Debian 13', 'debian', '13', 'x86', '2025-08-12T08:00:00Z'),
  img(226458394, 'fedora-42', 'Fedora 42', 'fedora', '42', 'x86', '2025-04-15T09:00:00Z'),
  img(76766499, 'rocky-9', 'Rocky Linux 9', 'rocky', '9', 'x86', '2022-07-14T12:00:00Z'),
  img(76766469, 'alma-9', 'Alma Linux 9', 'alma', '9', 'x86', '2022-07-14T12:00:00Z'),
];

export function findLocation(idOrName: string | number): LocationInfo | undefined {
  return LOCATIONS.find((l) => l.name === String(idOrName) || String(l.id) === String(idOrName));
}

export function findServerType(idOrName: string | number): ServerTypeInfo | undefined {
  return SERVER_TYPES.find((s) => s.name === String(idOrName) || String(s.id) === String(idOrName));
}

/** An image by id, or by name for the given architecture (names are shared across architectures). */
export function findImage(idOrName: string | number, architecture: 'x86' | 'arm'): ImageInfo | undefined {
  const byId = IMAGES.find((i) => String(i.id) === String(idOrName));
  return byId ?? IMAGES.find((i) => i.name === String(idOrName) && i.architecture === architecture);
}
