/**
 * Renders the spec's cloud-init template from validated values only. Every interpolated value is
 * checked against a strict pattern and emitted as a quoted YAML scalar or shell-quoted argument,
 * so no value can inject YAML or shell. Pure: no I/O, deterministic given its input.
 */
import { InfraError } from './errors';
import { domainNameProblem } from './names';

export interface CloudInitInput {
  /** The domain Fazt serves (e.g. blog.example.com). */
  domain: string;
  adminEmail: string;
  /** ISO timestamp of the render (pass the workflow's time for determinism). */
  timestamp: string;
  /** The operation that asked for the install. */
  instanceId: string;
  /** Installer URL. @default https://fazt.sh/install */
  installUrl?: string;
}

export const CLOUD_INIT_MARKER = '/etc/fazt/cloud-init-complete';
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const INSTANCE = /^[A-Za-z0-9._:-]{1,128}$/;
const URL_SAFE = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~/-]*)?$/;

/** Single-quoted shell word: safe for any value (our patterns exclude quotes anyway). */
function sh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** Double-quoted YAML scalar with escapes. */
function yq(v: string): string {
  return JSON.stringify(v);
}

/** `value` is quoted unless it is personal data (the admin email): error messages are not encrypted everywhere they go. */
function check(ok: boolean, what: string, value: string | null): void {
  if (!ok) throw new InfraError('INFRA_INVALID_INPUT', `Invalid cloud-init ${what}${value === null ? '' : `: "${value.slice(0, 80)}"`}`);
}

/** The `#cloud-config` document that installs Fazt. */
export function renderCloudInit(input: CloudInitInput): string {
  const domain = input.domain.trim().toLowerCase();
  check(domainNameProblem(domain) === null, 'domain', input.domain);
  check(EMAIL.test(input.adminEmail), 'admin email (expected name@example.com)', null);
  check(ISO.test(input.timestamp), 'timestamp', input.timestamp);
  check(INSTANCE.test(input.instanceId), 'instance id', input.instanceId);
  const url = input.installUrl ?? 'https://fazt.sh/install';
  check(URL_SAFE.test(url), 'install URL', url);

  const runcmd = [
    `curl -fsSL ${sh(url)} | sh`,
    `fazt server init --domain ${sh(domain)} --email ${sh(input.adminEmail)}`,
    'fazt service install --https',
    'systemctl enable fazt',
    'systemctl start fazt',
  ];
  return [
    '#cloud-config',
    'package_update: true',
    'packages:',
    '  - curl',
    '  - sqlite3',
    '',
    'runcmd:',
    ...runcmd.map((c) => `  - ${yq(c)}`),
    '',
    'write_files:',
    `  - path: ${CLOUD_INIT_MARKER}`,
    '    content: |',
    `      installed_at: ${yq(input.timestamp)}`,
    `      installed_by: ${yq(input.instanceId)}`,
    '',
  ].join('\n');
}

/** Bytes of UTF-8 text, without TextEncoder-free environments in mind (workflows have it). */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
