/**
 * A small in-memory {@link InfraClient} for the CLI's unit tests and the dashboard's browser test
 * (output formats, and data the real system cannot produce, like a name with markup); MCP and the
 * dashboard API run on the real system. It holds a few servers, zones and records, and operations that wait for a human decision exactly like the real
 * workflows do (confirm callback → true/false/undefined, `autoApprove`, or approve/reject later).
 * It implements only the generic runner (`run(op, input)`, validated with the catalogue's schema);
 * `dev.infra.*` is derived from it exactly as in the real client. Every call is recorded in
 * `calls` as `{ method: op.name, args: [parsedInput, opts?] }`, so a test can assert that bad
 * input never reached the client.
 */
import { InfraError } from '../../src/domain/errors';
import type { ConfirmationRequest, OperationProgress, PendingDecision } from '../../src/domain/operations';
import type {
  DnsRecord, ExecResult, PropagationResult, Region, Server, ServerHealth, ServerType, ZoneSummary,
} from '../../src/domain/types';
import type { z } from 'zod';
import type {
  CallOptions, CreateVpsInput, InfraApi, InfraClient, LaunchInput, LaunchResult, RunOperation, StartedOperation,
} from '../../src/client/api';
import { createInfraApi } from '../../src/client/infra-api';
import { parseInput } from '../../src/domain/validate';
import { launch, type OPERATIONS, type OperationName } from '../../src/operations/catalogue';
import type { OperationResult } from '../../src/operations/define';

export interface FakeCall {
  method: string;
  args: unknown[];
}

interface FakeOperation {
  workflowId: string;
  type: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  startedAt: string;
  provider?: string;
  progress: OperationProgress;
  result?: unknown;
  error?: unknown;
  decide?: (approved: boolean, by?: string, reason?: string) => void;
  decisions: Array<{ approved: boolean; by?: string; reason?: string }>;
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
  readonly ops = new Map<string, FakeOperation>();
  readonly uiUrl = 'http://127.0.0.1:8233';
  /** Providers that answer INFRA_NOT_CONFIGURED. */
  unconfigured = new Set<string>(['vultr']);
  private nextId = 200;
  closed = false;

  readonly dev: { infra: InfraApi };

  /** What the catalogue operations the CLI tests use do here, on already parsed input. */
  private readonly handlers: { [N in OperationName]?: (i: z.output<(typeof OPERATIONS)[N]['input']>, o?: CallOptions) => Promise<OperationResult<(typeof OPERATIONS)[N]>> } = {
    'vps.types': async (i) => this.types(i.provider),
    'vps.regions': async (i) => this.regions(i.provider),
    'vps.create': (i, o) => this.create(i, o),
    'vps.list': async () => this.servers.map((s) => ({ ...s })),
    'vps.get': async (i) => ({ ...this.find(i.server) }),
    'vps.status': async (i) => this.health(i.server),
    'vps.exec': async (i) => this.exec(i.server, i.command),
    'vps.reboot': async (i) => void this.find(i.server),
    'vps.destroy': (i, o) => this.destroy(i.server, o),
    'dns.zones': async () => this.zoneList(),
    'dns.addZone': async (i) => this.addZone(i.zone, i.provider),
    'dns.records': async (i) => this.zone(i.zone).records.map((r) => ({ ...r })),
    'dns.checkPropagation': async (i) => this.propagation(i.fqdn, i),
    'dns.waitForPropagation': async (i, o) => {
      o?.onProgress?.(this.progressOf('dns.wait', 'propagation', 1, { on: 'propagation', detail: `waiting for ${i.fqdn}` }));
      return { ...this.propagation(i.fqdn, i), checks: 1 };
    },
    launch: (i, o) => this.launch(i, o) as never,
  };

  /** The generic runner every `dev.infra.*` call goes through: the catalogue's schema, then the handler. */
  readonly run: RunOperation = async (op, input, opts) => {
    const parsed = parseInput(op.input, input, `${op.name} input`);
    this.calls.push({ method: op.name, args: opts ? [parsed, opts] : [parsed] });
    const handler = this.handlers[op.name as OperationName] as ((i: unknown, o?: CallOptions) => Promise<never>) | undefined;
    if (!handler) throw new Error(`The fake does not run ${op.name}; test it on the real system (test/helpers/system.ts)`);
    return handler(parsed, opts);
  };

  constructor() {
    this.dev = { infra: createInfraApi(this.run) };
  }

  async startLaunch(input: LaunchInput, opts?: CallOptions): Promise<StartedOperation> {
    parseInput(launch.input, input, 'launch input');
    this.calls.push({ method: 'startLaunch', args: [input, opts] });
    this.launch(input, opts).catch(() => undefined);
    return { workflowId: `launch:${input.fqdn}`, runId: 'run-1', uiUrl: `${this.uiUrl}/namespaces/default/workflows/launch:${input.fqdn}` };
  }

  async pending(): Promise<PendingDecision[]> {
    this.calls.push({ method: 'pending', args: [] });
    return [...this.ops.values()]
      .filter((o) => o.progress.pendingConfirmation)
      .map((o) => ({ ...o.progress.pendingConfirmation!, workflowId: o.workflowId, workflowType: o.type }));
  }

  async approve(workflowId: string, opts?: { by?: string; reason?: string }): Promise<void> {
    this.calls.push({ method: 'approve', args: [workflowId, opts] });
    this.decideOp(workflowId, true, opts);
  }

  async reject(workflowId: string, opts?: { by?: string; reason?: string }): Promise<void> {
    this.calls.push({ method: 'reject', args: [workflowId, opts] });
    this.decideOp(workflowId, false, opts);
  }

  async progress(workflowId: string) {
    this.calls.push({ method: 'progress', args: [workflowId] });
    const op = this.ops.get(workflowId);
    if (!op) throw new InfraError('INFRA_NOT_FOUND', `No operation ${workflowId}`);
    return { ...op.progress, status: op.status, result: op.result, error: op.error };
  }

  async operations(opts?: { limit?: number }) {
    this.calls.push({ method: 'operations', args: [opts] });
    return [...this.ops.values()].reverse().slice(0, opts?.limit ?? 50).map((o) => ({
      workflowId: o.workflowId, type: o.type, status: o.status, startedAt: o.startedAt, provider: o.provider, operation: o.progress.operation,
    }));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Recorded calls of one method. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private decideOp(workflowId: string, approved: boolean, opts?: { by?: string; reason?: string }): void {
    const op = this.ops.get(workflowId);
    if (!op || !op.decide) throw new InfraError('INFRA_NOT_FOUND', `Nothing is waiting for a decision in ${workflowId}`);
    op.decide(approved, opts?.by, opts?.reason);
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

  /**
   * Runs an operation the way the workflows do: record a confirmation request, wait for a decision
   * (callback, autoApprove or a later approve/reject), then report each step and finish.
   */
  private async operation<T>(
    workflowId: string, type: string, provider: string | undefined, action: string, reason: string, data: Record<string, unknown>,
    steps: Array<{ step: string; detail: string }>, opts: CallOptions | undefined, body: () => T,
  ): Promise<T> {
    const request: ConfirmationRequest = {
      id: `req-${workflowId}`, action, workflowId, reason, data, requestedAt: NOW, expiresAt: '2025-01-15T10:15:00.000Z',
    };
    const progress: OperationProgress = { operation: action, step: 'confirm', steps: [{ step: 'confirm', startedAt: NOW }], waiting: null, pendingConfirmation: null, created: [], totalSteps: steps.length + 1 };
    const op: FakeOperation = { workflowId, type, status: 'RUNNING', startedAt: NOW, provider, progress, decisions: [] };
    this.ops.set(workflowId, op);
    const emit = () => opts?.onProgress?.(structuredClone(progress));
    try {
      let approved: boolean;
      if (opts?.autoApprove) approved = true;
      else {
        progress.pendingConfirmation = request;
        progress.waiting = { on: 'confirmation', detail: reason };
        emit();
        const wait = new Promise<boolean>((resolve) => {
          op.decide = (a, by, why) => {
            op.decisions.push({ approved: a, by, reason: why });
            resolve(a);
          };
        });
        const answer = opts?.confirm ? await opts.confirm(request) : undefined;
        approved = answer === undefined ? await wait : answer;
        if (answer !== undefined) op.decisions.push({ approved: answer, by: 'callback' });
        op.decide = undefined;
        progress.pendingConfirmation = null;
        progress.waiting = null;
      }
      if (!approved) throw new InfraError('INFRA_CANCELED', `Rejected; nothing was done`);
      for (const s of steps) {
        progress.step = s.step;
        progress.steps.push({ step: s.step, startedAt: NOW, detail: s.detail });
        progress.waiting = { on: 'provider', detail: s.detail };
        emit();
      }
      progress.step = 'done';
      progress.waiting = null;
      const result = body();
      op.status = 'COMPLETED';
      op.result = result;
      return result;
    } catch (err) {
      op.status = 'FAILED';
      op.error = err instanceof InfraError ? err.toJSON() : String(err);
      throw err;
    }
  }

  private create(input: CreateVpsInput, opts?: CallOptions): Promise<Server> {
    const provider = input.provider ?? 'hetzner';
    this.configured(provider);
    const ip = `127.12.0.${this.servers.length + 1}`;
    return this.operation(
      `vps-create:${provider}:${input.name}`, 'provisionServer', provider, 'vps.create',
      `Create server ${input.name} (${input.type} in ${input.region}) for 3.79/month?`,
      { name: input.name, type: input.type, region: input.region, monthlyCost: 3.79 },
      [{ step: 'create', detail: `creating ${input.name}` }, { step: 'boot', detail: `waiting for ${ip} to boot` }, { step: 'cloud-init', detail: `waiting for cloud-init on ${ip}` }],
      opts,
      () => {
        const s: Server = {
          id: `${provider}:${this.nextId}`, provider: provider as Server['provider'], providerId: String(this.nextId++), name: input.name, ip, ipv6: null,
          status: 'running', type: input.type, region: input.region, createdAt: NOW, monthlyCost: 3.79, operationId: 'op-new', managed: true,
        };
        this.servers.push(s);
        return s;
      },
    );
  }

  private async destroy(idOrName: string, opts?: CallOptions): Promise<void> {
    const s = this.find(idOrName);
    await this.operation(`vps-destroy:${s.id}`, 'destroyServer', s.provider, 'vps.destroy', `Destroy server ${s.name} (${s.ip})?`, { server: s, action: 'destroy' },
      [{ step: 'destroy', detail: `destroying ${s.name}` }], opts, () => {
        this.servers = this.servers.filter((x) => x.id !== s.id);
      });
  }

  private launch(input: LaunchInput, opts?: CallOptions): Promise<LaunchResult> {
    const provider = input.provider ?? 'hetzner';
    this.configured(provider);
    const zone = input.fqdn.split('.').slice(-2).join('.');
    const label = input.fqdn.split('.').slice(0, -2).join('.') || '@';
    return this.operation(`launch:${input.fqdn}`, 'launch', provider, 'launch', `Launch ${input.fqdn} on a new ${provider} server for 3.79/month?`,
      { fqdn: input.fqdn, provider }, [
        { step: 'create', detail: 'creating server' }, { step: 'cloud-init', detail: 'waiting for cloud-init on 127.12.0.9' },
        { step: 'dns', detail: `setting ${input.fqdn}` }, { step: 'propagation', detail: `waiting for ${input.fqdn} to propagate` },
      ], opts, () => {
        const server: Server = { ...sampleServers()[0], id: `${provider}:${this.nextId}`, providerId: String(this.nextId++), name: input.fqdn.replace(/\./g, '-'), ip: '127.12.0.9' };
        this.servers.push(server);
        const record: DnsRecord = { type: 'A', name: label, content: '127.12.0.9', ttl: input.ttl ?? 300 };
        if (this.zones[zone]) this.zones[zone].records.push(record);
        return { fqdn: input.fqdn, server, records: [record], timings: { create: 1200, 'cloud-init': 2100, dns: 300, propagation: 900 }, created: [], cleanedUp: [] };
      });
  }
}
