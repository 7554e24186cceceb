/**
 * One simulated VPS: identity, boot and cloud-init timeline, files and resource figures, all
 * computed lazily from the clock (no timers), like the provider simulators.
 */
import crypto from 'node:crypto';
import type { ParsedKey } from 'ssh2';
import { generateEd25519, parsePublicKey, sha256Fingerprint } from '../../ssh/keys';
import { parseUserData, type CloudConfigFacts } from './cloud-config';
import type { HostRequest } from '../core/types';

/** The fazt version a simulated install reports. */
export const SIM_FAZT_VERSION = '0.8.0';
/** The spec's cloud-init completion marker. */
export const CLOUD_INIT_MARKER = '/etc/fazt/cloud-init-complete';

export type CloudInitState = 'running' | 'done' | 'error';

export class Machine {
  readonly provider: string;
  readonly serverId: string;
  readonly name: string;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly userData: string | undefined;
  readonly facts: CloudConfigFacts;
  readonly hostKey: string;
  readonly hostKeyFingerprint: string;
  readonly authorizedKeys: ParsedKey[];
  /** First boot: cloud-init runs once per instance, so reboots never move this. */
  readonly firstBootAt: number;
  readonly cloudInitDoneAt: number;
  /** Start of the current boot (moves on reboot); the SSH endpoint is down before it. */
  bootAt: number;
  /** Set by `systemctl stop/start fazt`; reset by a reboot (the unit is enabled). */
  private faztStopped = false;
  /** Deterministic per-host figures so repeated reads agree. */
  private readonly seed: number;

  /** `hostKey` restores a host from saved state, so pinned host keys stay valid across restarts. */
  constructor(readonly request: HostRequest, ipv4: string, ipv6: string, cloudInitMs: number, hostKey?: string) {
    const req = request;
    this.provider = req.provider;
    this.serverId = req.serverId;
    this.name = req.name;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.userData = req.userData;
    this.facts = parseUserData(req.userData);
    this.hostKey = hostKey ?? generateEd25519().private;
    this.hostKeyFingerprint = sha256Fingerprint(parsePublicKey(this.hostKey)!.getPublicSSH());
    this.authorizedKeys = req.authorizedKeys.map((k) => parsePublicKey(k)).filter((k): k is ParsedKey => k !== null);
    this.firstBootAt = req.bootAt;
    this.bootAt = req.bootAt;
    this.cloudInitDoneAt = req.bootAt + cloudInitMs;
    this.seed = crypto.createHash('sha256').update(`${req.provider}/${req.serverId}`).digest().readUInt32BE(0);
  }

  isUp(now: number): boolean {
    return now >= this.bootAt;
  }

  reboot(now: number, downMs: number): void {
    this.bootAt = now + downMs;
    this.faztStopped = false;
  }

  cloudInit(now: number): CloudInitState {
    if (now < this.cloudInitDoneAt) return 'running';
    return this.facts.kind === 'invalid' ? 'error' : 'done';
  }

  cloudInitFinished(now: number): boolean {
    return this.cloudInit(now) !== 'running';
  }

  faztInstalled(now: number): boolean {
    return this.facts.installsFazt && this.cloudInit(now) === 'done';
  }

  faztActive(now: number): boolean {
    return this.faztInstalled(now) && !this.faztStopped;
  }

  setFaztStopped(stopped: boolean): void {
    this.faztStopped = stopped;
  }

  uptimeSec(now: number): number {
    return Math.max(0, (now - this.bootAt) / 1000);
  }

  /** Files `cat` can read: the write_files once cloud-init has finished, plus a few system files. */
  files(now: number): Map<string, string> {
    const files = new Map<string, string>([
      ['/etc/hostname', `${this.name}\n`],
      ['/etc/os-release', OS_RELEASE],
    ]);
    if (this.cloudInitFinished(now)) for (const f of this.facts.writeFiles) files.set(f.path, f.content);
    return files;
  }

  /** 1/5/15-minute load: a little busier while cloud-init runs. */
  load(now: number): [number, number, number] {
    const base = (this.seed % 20) / 100;
    const busy = this.cloudInit(now) === 'running' ? 0.6 : 0;
    return [round2(base + busy + 0.05), round2(base + busy / 2 + 0.03), round2(base + busy / 4 + 0.01)];
  }

  /** Root filesystem in bytes: a 40 GB disk with the image plus what cloud-init installed. */
  disk(now: number): { total: number; used: number } {
    const total = 40_470_732_800;
    const used = 2_147_483_648 + (this.seed % 512) * 1_048_576 + (this.faztInstalled(now) ? 314_572_800 : 0);
    return { total, used };
  }

  /** Memory in bytes: a 4 GB VPS as `free -b` reports it (the kernel keeps a slice). */
  memory(now: number): { total: number; used: number } {
    const total = 4_001_431_552;
    const used = 268_435_456 + (this.seed % 64) * 1_048_576 + (this.faztActive(now) ? 125_829_120 : 0);
    return { total, used };
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const OS_RELEASE = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
`;
