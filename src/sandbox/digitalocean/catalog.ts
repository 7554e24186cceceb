/**
 * A realistic slice of DigitalOcean's catalogue: Basic/CPU-optimised sizes with DO's list prices,
 * the public regions, and distribution images with their real slugs.
 */

export interface SizeDef {
  slug: string;
  memory: number;
  vcpus: number;
  disk: number;
  transfer: number;
  price_monthly: number;
  description: string;
  /** Regions the size is offered in; all regions when absent. */
  regions?: string[];
}

export interface RegionDef {
  slug: string;
  name: string;
  available: boolean;
}

export interface ImageDef {
  id: number;
  slug: string;
  name: string;
  distribution: string;
  kind: 'distribution' | 'application';
  min_disk_size: number;
  size_gigabytes: number;
  created_at: string;
  description: string;
}

export const REGIONS: RegionDef[] = [
  { slug: 'nyc1', name: 'New York 1', available: true },
  { slug: 'nyc3', name: 'New York 3', available: true },
  { slug: 'sfo2', name: 'San Francisco 2', available: true },
  { slug: 'sfo3', name: 'San Francisco 3', available: true },
  { slug: 'ams3', name: 'Amsterdam 3', available: true },
  { slug: 'sgp1', name: 'Singapore 1', available: true },
  { slug: 'lon1', name: 'London 1', available: true },
  { slug: 'fra1', name: 'Frankfurt 1', available: true },
  { slug: 'tor1', name: 'Toronto 1', available: true },
  { slug: 'blr1', name: 'Bangalore 1', available: true },
  { slug: 'syd1', name: 'Sydney 1', available: true },
  { slug: 'nyc2', name: 'New York 2', available: false },
];

const GPU_REGIONS = ['nyc2', 'tor1'];

export const SIZES: SizeDef[] = [
  { slug: 's-1vcpu-512mb-10gb', memory: 512, vcpus: 1, disk: 10, transfer: 0.5, price_monthly: 4, description: 'Basic' },
  { slug: 's-1vcpu-1gb', memory: 1024, vcpus: 1, disk: 25, transfer: 1, price_monthly: 6, description: 'Basic' },
  { slug: 's-1vcpu-2gb', memory: 2048, vcpus: 1, disk: 50, transfer: 2, price_monthly: 12, description: 'Basic' },
  { slug: 's-2vcpu-2gb', memory: 2048, vcpus: 2, disk: 60, transfer: 3, price_monthly: 18, description: 'Basic' },
  { slug: 's-2vcpu-4gb', memory: 4096, vcpus: 2, disk: 80, transfer: 4, price_monthly: 24, description: 'Basic' },
  { slug: 's-4vcpu-8gb', memory: 8192, vcpus: 4, disk: 160, transfer: 5, price_monthly: 48, description: 'Basic' },
  { slug: 's-8vcpu-16gb', memory: 16384, vcpus: 8, disk: 320, transfer: 6, price_monthly: 96, description: 'Basic' },
  { slug: 'c-2', memory: 4096, vcpus: 2, disk: 25, transfer: 4, price_monthly: 42, description: 'CPU-Optimized' },
  { slug: 'c-4', memory: 8192, vcpus: 4, disk: 50, transfer: 5, price_monthly: 84, description: 'CPU-Optimized' },
  { slug: 'g-2vcpu-8gb', memory: 8192, vcpus: 2, disk: 25, transfer: 4, price_monthly: 63, description: 'General Purpose' },
  { slug: 'm-2vcpu-16gb', memory: 16384, vcpus: 2, disk: 50, transfer: 4, price_monthly: 84, description: 'Memory-Optimized' },
  {
    slug: 'gpu-h100x1-80gb', memory: 245760, vcpus: 20, disk: 720, transfer: 15, price_monthly: 2522.88,
    description: 'H100 GPU - 1X', regions: GPU_REGIONS,
  },
];

export const IMAGES: ImageDef[] = [
  { id: 160232537, slug: 'ubuntu-24-04-x64', name: '24.04 (LTS) x64', distribution: 'Ubuntu', kind: 'distribution', min_disk_size: 7, size_gigabytes: 2.44, created_at: '2024-07-10T14:04:41Z', description: 'Ubuntu 24.04 (LTS) x64' },
  { id: 129211873, slug: 'ubuntu-22-04-x64', name: '22.04 (LTS) x64', distribution: 'Ubuntu', kind: 'distribution', min_disk_size: 7, size_gigabytes: 2.36, created_at: '2023-04-24T19:42:21Z', description: 'Ubuntu 22.04 (LTS) x64' },
  { id: 143968493, slug: 'debian-12-x64', name: '12 x64', distribution: 'Debian', kind: 'distribution', min_disk_size: 7, size_gigabytes: 0.98, created_at: '2023-10-18T16:24:03Z', description: 'Debian 12 x64' },
  { id: 128853436, slug: 'debian-11-x64', name: '11 x64', distribution: 'Debian', kind: 'distribution', min_disk_size: 7, size_gigabytes: 0.86, created_at: '2023-04-12T17:13:44Z', description: 'Debian 11 x64' },
  { id: 154364891, slug: 'rockylinux-9-x64', name: '9 x64', distribution: 'Rocky Linux', kind: 'distribution', min_disk_size: 10, size_gigabytes: 1.4, created_at: '2024-05-02T12:00:01Z', description: 'Rocky Linux 9 x64' },
  { id: 158118425, slug: 'fedora-40-x64', name: '40 x64', distribution: 'Fedora', kind: 'distribution', min_disk_size: 7, size_gigabytes: 1.1, created_at: '2024-05-20T09:30:00Z', description: 'Fedora 40 x64' },
  { id: 159651797, slug: 'docker-20-04', name: 'Docker on Ubuntu 22.04', distribution: 'Ubuntu', kind: 'application', min_disk_size: 25, size_gigabytes: 3.1, created_at: '2024-06-11T08:00:00Z', description: 'Docker with Docker Compose on Ubuntu' },
];

const HOURS_PER_MONTH = 672;

/** The wire form of a size, as `/v2/sizes` and a droplet's `size` field show it. */
export function sizeWire(s: SizeDef): Record<string, unknown> {
  return sizeWireIn(s, sizeRegions(s));
}

function sizeWireIn(s: SizeDef, regions: string[]): Record<string, unknown> {
  return {
    slug: s.slug,
    memory: s.memory,
    vcpus: s.vcpus,
    disk: s.disk,
    transfer: s.transfer,
    price_monthly: s.price_monthly,
    price_hourly: Math.round((s.price_monthly / HOURS_PER_MONTH) * 1e5) / 1e5,
    regions,
    available: true,
    description: s.description,
    disk_info: [{ type: 'local', size: { amount: s.disk, unit: 'gib' } }],
  };
}

/** Regions where a size can be ordered. */
export function sizeRegions(s: SizeDef): string[] {
  return REGIONS.filter((r) => r.available && (s.regions ?? [r.slug]).includes(r.slug)).map((r) => r.slug).sort();
}

/** The wire form of a region, with the sizes orderable there. */
export function regionWire(r: RegionDef): Record<string, unknown> {
  return {
    name: r.name,
    slug: r.slug,
    features: ['backups', 'ipv6', 'metadata', 'install_agent', 'storage', 'image_transfer'],
    available: r.available,
    sizes: r.available ? SIZES.filter((s) => sizeRegions(s).includes(r.slug)).map((s) => s.slug) : [],
  };
}

/** The wire form of an image. */
export function imageWire(i: ImageDef): Record<string, unknown> {
  return {
    id: i.id,
    name: i.name,
    distribution: i.distribution,
    slug: i.slug,
    public: true,
    regions: REGIONS.filter((r) => r.available).map((r) => r.slug),
    created_at: i.created_at,
    min_disk_size: i.min_disk_size,
    size_gigabytes: i.size_gigabytes,
    description: i.description,
    type: 'base',
    tags: [],
    status: 'available',
    error_message: '',
  };
}

/** Image by slug or numeric id, as droplet create accepts either. */
export function findImage(ref: string | number): ImageDef | undefined {
  return IMAGES.find((i) => i.slug === ref || i.id === Number(ref));
}
