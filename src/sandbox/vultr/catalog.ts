/**
 * The simulated Vultr catalogue: regions, plans with monthly prices (USD) and operating systems.
 * Figures follow Vultr's public price list for Cloud Compute (vc2) and High Frequency (vhf);
 * only whole-dollar plans are listed because VU-SPEC types `monthly_cost` as an integer.
 */

export interface VultrRegion {
  id: string;
  city: string;
  country: string;
  continent: string;
  options: string[];
}

export interface VultrPlan {
  id: string;
  vcpu_count: number;
  /** MB. */
  ram: number;
  /** GB. */
  disk: number;
  disk_count: number;
  /** GB per month. */
  bandwidth: number;
  monthly_cost: number;
  type: string;
  locations: string[];
}

export interface VultrOs {
  id: number;
  name: string;
  arch: string;
  family: string;
}

const FULL = ['ddos_protection', 'block_storage_storage_opt', 'block_storage_high_perf', 'load_balancers', 'kubernetes'];
const BASIC = ['ddos_protection', 'block_storage_storage_opt', 'load_balancers', 'kubernetes'];

export const REGIONS: VultrRegion[] = [
  { id: 'ams', city: 'Amsterdam', country: 'NL', continent: 'Europe', options: FULL },
  { id: 'atl', city: 'Atlanta', country: 'US', continent: 'North America', options: BASIC },
  { id: 'blr', city: 'Bangalore', country: 'IN', continent: 'Asia', options: BASIC },
  { id: 'bom', city: 'Mumbai', country: 'IN', continent: 'Asia', options: BASIC },
  { id: 'cdg', city: 'Paris', country: 'FR', continent: 'Europe', options: FULL },
  { id: 'dfw', city: 'Dallas', country: 'US', continent: 'North America', options: FULL },
  { id: 'ewr', city: 'New Jersey', country: 'US', continent: 'North America', options: FULL },
  { id: 'fra', city: 'Frankfurt', country: 'DE', continent: 'Europe', options: FULL },
  { id: 'icn', city: 'Seoul', country: 'KR', continent: 'Asia', options: BASIC },
  { id: 'jnb', city: 'Johannesburg', country: 'ZA', continent: 'Africa', options: BASIC },
  { id: 'lax', city: 'Los Angeles', country: 'US', continent: 'North America', options: FULL },
  { id: 'lhr', city: 'London', country: 'GB', continent: 'Europe', options: FULL },
  { id: 'mad', city: 'Madrid', country: 'ES', continent: 'Europe', options: BASIC },
  { id: 'mex', city: 'Mexico City', country: 'MX', continent: 'North America', options: BASIC },
  { id: 'mia', city: 'Miami', country: 'US', continent: 'North America', options: BASIC },
  { id: 'nrt', city: 'Tokyo', country: 'JP', continent: 'Asia', options: FULL },
  { id: 'ord', city: 'Chicago', country: 'US', continent: 'North America', options: FULL },
  { id: 'sao', city: 'São Paulo', country: 'BR', continent: 'South America', options: BASIC },
  { id: 'sea', city: 'Seattle', country: 'US', continent: 'North America', options: BASIC },
  { id: 'sgp', city: 'Singapore', country: 'SG', continent: 'Asia', options: FULL },
  { id: 'sjc', city: 'Silicon Valley', country: 'US', continent: 'North America', options: FULL },
  { id: 'sto', city: 'Stockholm', country: 'SE', continent: 'Europe', options: BASIC },
  { id: 'syd', city: 'Sydney', country: 'AU', continent: 'Australia', options: FULL },
  { id: 'waw', city: 'Warsaw', country: 'PL', continent: 'Europe', options: BASIC },
  { id: 'yto', city: 'Toronto', country: 'CA', continent: 'North America', options: BASIC },
];

const ALL = REGIONS.map((r) => r.id);
/** High Frequency is not offered everywhere. */
const HF = ['ams', 'atl', 'cdg', 'dfw', 'ewr', 'fra', 'lax', 'lhr', 'nrt', 'ord', 'sea', 'sgp', 'sjc', 'syd'];

function plan(id: string, vcpu: number, ramMb: number, disk: number, bw: number, cost: number, type: string, locations: string[]): VultrPlan {
  return { id, vcpu_count: vcpu, ram: ramMb, disk, disk_count: 1, bandwidth: bw, monthly_cost: cost, type, locations };
}

export const PLANS: VultrPlan[] = [
  plan('vc2-1c-1gb', 1, 1024, 25, 1024, 5, 'vc2', ALL),
  plan('vc2-1c-2gb', 1, 2048, 55, 2048, 10, 'vc2', ALL),
  plan('vc2-2c-2gb', 2, 2048, 65, 3072, 15, 'vc2', ALL),
  plan('vc2-2c-4gb', 2, 4096, 80, 3072, 20, 'vc2', ALL),
  plan('vc2-4c-8gb', 4, 8192, 160, 4096, 40, 'vc2', ALL),
  plan('vc2-6c-16gb', 6, 16384, 320, 5120, 80, 'vc2', ALL),
  plan('vc2-8c-32gb', 8, 32768, 640, 6144, 160, 'vc2', ALL),
  plan('vc2-16c-64gb', 16, 65536, 1280, 10240, 320, 'vc2', ALL),
  plan('vc2-24c-96gb', 24, 98304, 1600, 15360, 640, 'vc2', ALL),
  plan('vhf-1c-1gb', 1, 1024, 32, 1024, 6, 'vhf', HF),
  plan('vhf-1c-2gb', 1, 2048, 64, 2048, 12, 'vhf', HF),
  plan('vhf-2c-2gb', 2, 2048, 80, 3072, 18, 'vhf', HF),
  plan('vhf-2c-4gb', 2, 4096, 128, 4096, 24, 'vhf', HF),
  plan('vhf-3c-8gb', 3, 8192, 256, 5120, 48, 'vhf', HF),
  plan('vhf-4c-16gb', 4, 16384, 384, 6144, 96, 'vhf', HF),
  plan('vhf-6c-24gb', 6, 24576, 448, 7168, 144, 'vhf', HF),
  plan('vhf-8c-32gb', 8, 32768, 512, 8192, 192, 'vhf', HF),
  plan('vhf-12c-48gb', 12, 49152, 768, 9216, 256, 'vhf', HF),
];

export const OS_LIST: VultrOs[] = [
  { id: 159, name: 'Custom', arch: 'x64', family: 'iso' },
  { id: 164, name: 'Snapshot', arch: 'x64', family: 'snapshot' },
  { id: 186, name: 'Application', arch: 'x64', family: 'application' },
  { id: 477, name: 'Debian 11 x64 (bullseye)', arch: 'x64', family: 'debian' },
  { id: 542, name: 'CentOS 9 Stream x64', arch: 'x64', family: 'centos' },
  { id: 1743, name: 'Ubuntu 22.04 x64', arch: 'x64', family: 'ubuntu' },
  { id: 1869, name: 'Rocky Linux 9 x64', arch: 'x64', family: 'rockylinux' },
  { id: 2076, name: 'Alpine Linux x64', arch: 'x64', family: 'alpinelinux' },
  { id: 2136, name: 'Debian 12 x64 (bookworm)', arch: 'x64', family: 'debian' },
  { id: 2284, name: 'Ubuntu 24.04 x64', arch: 'x64', family: 'ubuntu' },
];

export const findPlan = (id: string) => PLANS.find((p) => p.id === id);
export const findRegion = (id: string) => REGIONS.find((r) => r.id === id);
export const findOs = (id: number) => OS_LIST.find((o) => o.id === id);

/** Vultr bills hourly up to a monthly cap of 672 hours. */
export const HOURS_PER_MONTH = 672;
