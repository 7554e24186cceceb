/**
 * zod schemas for every input that crosses a boundary (client, CLI, MCP, HTTP, workflow start).
 * Failures become INFRA_INVALID_INPUT with one clear line, before any provider call.
 */
import { z } from 'zod';
import { InfraError } from './errors';
import { domainNameProblem, hostnameProblem, isIPv4, isIPv6, recordNameProblem } from './names';
import { PROXYING_PROVIDERS, VPS_PROVIDERS, nameList } from './providers';
import { RECORD_TYPES, type DnsRecord } from './types';

const refineProblem = (check: (v: string) => string | null, what: string) => (v: string, ctx: z.RefinementCtx) => {
  const p = check(v);
  if (p) ctx.addIssue({ code: 'custom', message: `${what} "${v}" ${p}` });
};

export const zoneSchema = z.string().transform((s) => s.trim().toLowerCase().replace(/\.$/, '')).superRefine(refineProblem(domainNameProblem, 'zone'));
export const fqdnSchema = z.string().transform((s) => s.trim().toLowerCase().replace(/\.$/, '')).superRefine(refineProblem(domainNameProblem, 'name'));
export const serverNameSchema = z.string().superRefine(refineProblem(hostnameProblem, 'server name'));
export const sshPublicKeySchema = z
  .string()
  .trim()
  .regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]{0,200})?$/, 'is not an OpenSSH public key line (like "ssh-ed25519 AAAA... me@laptop")');
export const sshKeyNameSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ - only');

export const recordInputSchema = z
  .object({
    type: z.enum(RECORD_TYPES),
    name: z.string().transform((s) => s.trim().toLowerCase().replace(/\.$/, '') || '@'),
    content: z.string().trim().min(1, 'content is empty'),
    ttl: z.number().int().min(1).max(86400).optional(),
    proxied: z.boolean().optional(),
    priority: z.number().int().min(0).max(65535).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const problem = recordProblem(r);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export type RecordInput = z.infer<typeof recordInputSchema>;

/** A server given as its name or as `<provider>:<id>`. */
export const serverRefSchema = z
  .string()
  .trim()
  .min(1, 'a server name or <provider>:<id> is required')
  .max(128)
  .regex(/^([a-z]+:[A-Za-z0-9-]+|[A-Za-z0-9][A-Za-z0-9.-]*)$/, 'must be a server name or <provider>:<id>');

/** What names a record to delete: type and name, optionally one value of the set. */
export const recordRefSchema = z
  .object({
    type: z.enum(RECORD_TYPES),
    name: z.string().transform((s) => s.trim().toLowerCase().replace(/\.$/, '') || '@'),
    content: z.string().trim().min(1).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const p = recordNameProblem(r.name);
    if (p) ctx.addIssue({ code: 'custom', message: `record name "${r.name}" ${p}` });
  });

export type RecordRef = z.infer<typeof recordRefSchema>;

/** Per-type content rules; null when the record is well formed. */
export function recordProblem(r: { type: string; name: string; content: string; ttl?: number; priority?: number; proxied?: boolean }): string | null {
  const np = recordNameProblem(r.name);
  if (np) return `record name "${r.name}" ${np}`;
  if (r.ttl !== undefined && r.ttl !== 1 && (r.ttl < 30 || r.ttl > 86400)) return `ttl ${r.ttl} is out of range (30..86400, or 1 for automatic)`;
  const host = (v: string) => domainNameProblem(v) === null || v === '@';
  switch (r.type) {
    case 'A':
      return isIPv4(r.content) ? null : `A content "${r.content}" is not an IPv4 address`;
    case 'AAAA':
      return isIPv6(r.content) ? null : `AAAA content "${r.content}" is not an IPv6 address`;
    case 'CNAME':
      if (r.name === '@') return 'a CNAME cannot be at the zone apex (@)';
      return host(r.content.replace(/\.$/, '')) ? null : `CNAME target "${r.content}" is not a host name`;
    case 'MX':
      if (r.priority === undefined) return 'an MX record needs a priority (e.g. --priority 10)';
      return host(r.content.replace(/\.$/, '')) ? null : `MX host "${r.content}" is not a host name`;
    case 'NS':
      return host(r.content.replace(/\.$/, '')) ? null : `NS host "${r.content}" is not a host name`;
    case 'TXT':
      return r.content.length <= 4000 ? null : 'TXT content is longer than 4000 characters';
    case 'CAA': {
      const m = /^(\d{1,3}) (issue|issuewild|iodef) "([^"]*)"$/.exec(r.content);
      if (!m || Number(m[1]) > 255) return `CAA content "${r.content}" must look like: 0 issue "letsencrypt.org"`;
      return null;
    }
    default:
      return `unsupported record type "${r.type}"`;
  }
}

export const createVpsSchema = z
  .object({
    provider: z.enum(VPS_PROVIDERS, { message: `provider must be one of: ${VPS_PROVIDERS.join(', ')}` }).optional(),
    name: serverNameSchema,
    type: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'type may contain letters, digits and . _ - only'),
    region: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'region may contain letters, digits and . _ - only'),
    image: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
    sshKeys: z.array(sshKeyNameSchema).max(20).optional(),
    installFazt: z.boolean().optional(),
    faztConfig: z
      .object({ domain: fqdnSchema.optional(), adminEmail: z.string().trim().email('adminEmail is not an email address').max(254).optional() })
      .strict()
      .optional(),
    ipv6: z.boolean().optional(),
  })
  .strict();

/** A parsed `vps.create` input. */
export type CreateVpsRequest = z.infer<typeof createVpsSchema>;

export const launchSchema = z
  .object({
    fqdn: fqdnSchema,
    provider: z.enum(VPS_PROVIDERS).optional(),
    type: z.string().trim().min(1).max(64).optional(),
    region: z.string().trim().min(1).max(64).optional(),
    image: z.string().trim().min(1).max(64).optional(),
    sshKeys: z.array(sshKeyNameSchema).max(20).optional(),
    ipv6: z.boolean().optional(),
    ttl: z.number().int().min(30).max(86400).optional(),
    adminEmail: z.string().trim().email().optional(),
  })
  .strict();

/** A parsed `launch` input. */
export type LaunchRequest = z.infer<typeof launchSchema>;

/** Temporal-style durations: `90s`, `15m`, `2h`, or milliseconds. */
export const durationSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+(ms|s|m|h|d)$/, 'duration must look like 30s, 15m or 2h')]);

/** Parses with a schema and turns the first issue into one clear INFRA_INVALID_INPUT line. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, what = 'input'): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new InfraError('INFRA_INVALID_INPUT', `Invalid ${what}: ${where}${issue.message}`, {
    data: { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}

/** Applies defaults the spec names: ttl 300; proxied true only where the provider proxies. */
export function withRecordDefaults(r: RecordInput, proxiedCapable: boolean): DnsRecord {
  if (r.proxied && !proxiedCapable) {
    throw new InfraError('INFRA_INVALID_INPUT', `Invalid record: proxied is only supported on ${nameList(PROXYING_PROVIDERS)} zones`);
  }
  const proxiable = proxiedCapable && ['A', 'AAAA', 'CNAME'].includes(r.type);
  const out: DnsRecord = { type: r.type, name: r.name, content: r.content, ttl: r.ttl ?? 300 };
  if (proxiable) out.proxied = r.proxied ?? true;
  if (r.type === 'MX') out.priority = r.priority;
  return out;
}
