/**
 * A small in-memory {@link InfraClient} for the CLI's output-format unit tests (tables, key/value
 * blocks, exit codes, what is validated before the client is called). Everything that waits for a
 * human, and MCP and the dashboard, run on the real system (test/helpers/system.ts). It implements
 * only the generic runner (`run(op, input)`, validated with the catalogue's schema) for the reads
 * and small actions below; `dev.infra.*` derives from it exactly as in the real client. Every call
 * is recorded in `calls` as `{ method: op.name, args: [parsedInput, opts?] }`, so a test can assert
 * that bad input never reached the client.
 */
import { InfraError } from '../../src/domain/errors';
import type { OperationProgress, PendingDecision } from '../../src/domain/operations';
import type {
  DnsRecord, ExecResult, PropagationResult, Region, Server, ServerHealth, ServerType, ZoneSummary,
} from '../../src/domain/types';
import type { z } from 'zod';
import type {
  CallOptions, InfraApi, InfraClient, RunOperation, StartedOperation,
} from '../../src/client/api';
import { createInfraApi } from '../../src/client/infra-api';
import { parseInput } from '../../src/domain/validate';
import type { OPERATIONS, OperationName } from '../../src/operations/catalogue';
import type { OperationResult } from '../../src/operations/define';

export interface FakeCall {
  method: string;
  args: unknown[];
}

const NOW = '2025-01-15T10:00:00.000Z';

export function sampleServers(): Server[] {
  return [
    {
      id: 'hetzner:101', provider: 'hetzner', providerId: '101', name: 'fazt-prod-1', ip: '123.45.67.89', ipv6: '2a01:4f8::1',
      status: 'running', type: 'cx22', region: 'fsn1', createdAt: NOW, monthlyCost: 3.79, operationId: 'op-1', managed: true,
    },
    {
      id: 'hetzner:102', provider: 'hetzner', providerId: '102', name: 'fazt-staging', ip: '123.45.67.90', ipv6: null,
      status: 'running', type: 'cx22', region: 'nbg1', createdAt: NOW, monthlyCost: 3.79, operationId: 'op-2', managed: true,
    },
    {
      id: 'digitalocean:9001', provider: 'digitalocean', providerId: '9001', name: 'edge<b>1</b>', ip: null, ipv6: null,
      status: 'provisioning', type: 's-1vcpu-1gb', region: 'fra1', createdAt: NOW, monthlyCost: 6, operationId: null, managed: false,
    },
  ];
}

export function sampleRecords(): Record<string, { provider: ZoneSummary['provider']; records: DnsRecord[] }> {
  return {
    'example.com': {
      provider: 'cloudflare',
      records: [
        { type: 'A', name: '@', content: '123.45.67.89', ttl: 300, proxied: true },
        { type: 'A', name: 'blog', content: '123.45.67.89', ttl: 300, proxied: true },
        { type: 'MX', name: '@', content: 'mail.example.com', priority: 10, ttl: 3600 },
        { type: 'TXT', name: '@', content: 'v=spf1 ip4:123.45.67.89 -all', ttl: 3600 },
      ],
    },
    'test.dev': { provider: 'hetzner', records: [{ type: 'A', name: '@', content: '10.0.0.1', ttl: 300 }] },
  };
}

/** In-memory InfraClient; see the file comment. */
export class FakeInfraClient implements InfraClient {
  readonly calls: FakeCall[] = [];
  servers: Server[] = sampleServers();
  zones = sampleRecords();
  readonly uiUrl = 'http://127.0.0.1:8233';
  /** Providers that answer INFRA_NOT_CONFIGURED. */
  unconfigured = new Set<string>(['vultr']);
  closed = false;

  readonly dev: { infra: InfraApi };

  /** What the catalogue operations the CLI tests use do here, on already parsed input. */
  private readonly handlers: { [N in OperationName]?: (i: z.output<(typeof OPERATIONS)[N]['input']>, o?: CallOptions) => Promise<OperationResult<(typeof OPERATIONS)[N]>> } = {
    'vps.types': async (i) => this.types(i.provider),
    'vps.regions': async (i) => this.regions(i.provider),
    'vps.list': async () => this.servers.map((s) => ({ ...s })),
    'vps.get': async (i) => ({ ...this.find(i.server) }),
    'vps.status': async (i) => this.health(i.server),
    'vps.exec': async (i) => this.exec(i.server, i.command),
    'vps.reboot': async (i) => void this.find(i.server),
    'dns.zones': async () => this.zoneList(),
    'dns.addZone': async (i) => this.addZone(i.zone, i.provider),
    'dns.records': async (i) => this.zone(i.zone).records.map((r) => ({ ...r })),
    'dns.checkPropagation': async (i) => this.propagation(i.fqdn, i),
    'dns.waitForPropagation': async (i, o) => {
      o?.onProgress?.(this.progressOf('dns.wait', 'propagation', 1, { on: 'propagation', detail: `waiting for ${i.fqdn}` }));
      return { ...this.propagation(i.fqdn, i), checks: 1 };
    },
  };

  /** The generic runner every `dev.infra.*` call goes through: the catalogue's schema, then the handler. */
  readonly run: RunOperation = async (op, input, opts) => {
    const parsed = parseInput(op.input, input, `${op.name} input`);
    this.calls.push({ method: op.name, args: opts ? [parsed, opts] : [parsed] });
    const handler = this.handlers[op.name as OperationName] as ((i: unknown, o?: CallOptions) => Promise<never>) | undefined;
    if (!handler) throw notHere(op.name);
    return handler(parsed, opts);
  };

  constructor() {
    this.dev = { infra: createInfraApi(this.run) };
  }

  /** Operations that wait for a human run on the real system, not here. */
  async startLaunch(): Promise<StartedOperation> {
    throw notHere('startLaunch');
  }

  async pending(): Promise<PendingDecision[]> {
    return [];
  }

  async approve(): Promise<never> {
    throw notHere('approve');
  }

  async reject(): Promise<never> {
    throw notHere('reject');
  }

  async progress(): Promise<never> {
    throw notHere('progress');
  }

  async operations() {
    return [];
  }

  /** Schedules live in Temporal: the real system's tests (test/e2e/day-two.test.ts) cover them. */
  readonly schedules: InfraClient['schedules'] = {
    ensure: async () => { throw notHere('schedules'); },
    list: async () => { throw notHere('schedules'); },
    pause: async () => { throw notHere('schedules'); },
    resume: async () => { throw notHere('schedules'); },
    trigger: async () => { throw notHere('schedules'); },
    setInterval: async () => { throw notHere('schedules'); },
  };

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Recorded calls of one method. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private configured(provider: string): true {
    if (this.unconfigured.has(provider)) {
      throw new InfraError('INFRA_NOT_CONFIGURED', `Provider ${provider} is not configured`, {
        provider, hint: `Run: fazt dev config infra.vps.${provider} --token xxx`,
      });
    }
    return true;
  }

  private types(provider = 'hetzner'): ServerType[] {
    this.configured(provider);
    return [
      { id: 'cx22', vcpus: 2, ram: 4096, disk: 40, price: 3.79, currency: 'EUR' },
      { id: 'cx32', vcpus: 4, ram: 8192, disk: 80, price: 6.99, currency: 'EUR' },
    ];
  }

  private regions(provider = 'hetzner'): Region[] {
    this.configured(provider);
    return [
      { id: 'fsn1', name: 'Falkenstein', country: 'DE' },
      { id: 'hel1', name: 'Helsinki', country: 'FI' },
    ];
  }

  private find(idOrName: string): Server {
    const s = this.servers.find((x) => x.id === idOrName || x.name === idOrName);
    if (!s) throw new InfraError('INFRA_NOT_FOUND', `Server ${idOrName} not found`);
    return s;
  }

  private health(idOrName: string): ServerHealth {
    const s = this.find(idOrName);
    return {
      id: s.id, status: s.status, faztStatus: 'healthy', faztVersion: '0.8.0', uptime: 86400, load: [0.5, 0.3, 0.2],
      diskUsed: 5.2, diskTotal: 40, memUsed: 1.2, memTotal: 4,
    };
  }

  private exec(idOrName: string, cmd: string): ExecResult {
    this.find(idOrName);
    if (cmd === 'false') return { stdout: '', stderr: 'failed\n', exitCode: 1 };
    if (cmd === 'drop-connection') {
      throw new InfraError('INFRA_TIMEOUT', 'SSH connection closed before the command finished: the command may or may not have completed', {
        retryable: false, data: { phase: 'command', outcome: 'unknown', stdout: 'half\n', stderr: 'warn\n' },
      });
    }
    return { stdout: `ran: ${cmd}\n`, stderr: '', exitCode: 0 };
  }

  private zoneList(): ZoneSummary[] {
    return Object.entries(this.zones).map(([zone, z]) => ({ zone, provider: z.provider, records: z.records.length }));
  }

  private zone(zone: string) {
    const z = this.zones[zone];
    if (!z) throw new InfraError('INFRA_NOT_FOUND', `Zone ${zone} is not managed`);
    return z;
  }

  private addZone(zone: string, provider = 'cloudflare'): ZoneSummary {
    this.zones[zone] ??= { provider: provider as ZoneSummary['provider'], records: [] };
    return { zone, provider: this.zones[zone].provider, records: this.zones[zone].records.length };
  }

  private propagation(fqdn: string, o?: { expected?: string; resolvers?: string[] }): PropagationResult {
    const expected = o?.expected ?? '123.45.67.89';
    const resolvers = o?.resolvers ?? ['8.8.8.8', '1.1.1.1', '9.9.9.9'];
    const results = resolvers.map((resolver, i) => ({ resolver, value: i < 2 ? expected : null, propagated: i < 2 }));
    if (!fqdn.includes('.')) throw new InfraError('INFRA_INVALID_INPUT', `bad fqdn ${fqdn}`);
    return { expected, results, allPropagated: results.every((r) => r.propagated) };
  }

  private progressOf(operation: string, step: string, n: number, waiting: OperationProgress['waiting'] = null): OperationProgress {
    const steps = Array.from({ length: n }, (_, i) => ({ step: i === n - 1 ? step : `step-${i + 1}`, startedAt: NOW }));
    return { operation, step, steps, waiting, pendingConfirmation: null, created: [] };
  }

}

function notHere(what: string): Error {
  return new Error(`The fake does not run ${what}; test it on the real system (test/helpers/system.ts)`);
}
