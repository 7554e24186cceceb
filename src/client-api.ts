/**
 * The typed interface of the client (`fazt.dev.infra.*`, per the spec's JavaScript interface) that
 * every surface uses: CLI, MCP server, dashboard. Implemented over Temporal in ./client.ts; surfaces
 * depend on this interface only, so their tests can pass a fake.
 */
import type { ConfirmationRequest, OperationProgress, PendingDecision } from './domain/operations';
import type {
  DnsRecord, ExecResult, PropagationResult, Region, Server, ServerHealth, ServerType, SshKey, ZoneSummary,
} from './domain/types';

/** Options for calls that may wait on a human or run for a while. */
export interface CallOptions {
  /** Called whenever the operation's progress changes. */
  onProgress?: (p: OperationProgress) => void;
  /**
   * Asked when the operation needs a human decision. Return true/false to decide here, or
   * `undefined` to leave it pending for `approve`/`reject` from elsewhere.
   */
  confirm?: (req: ConfirmationRequest) => Promise<boolean | undefined>;
  /** Pre-approve (the CLI's `--yes`): the request is still recorded in the workflow. */
  autoApprove?: boolean;
  /** Return the workflow id right after starting instead of waiting (see {@link StartedOperation}). */
  workflowId?: string;
  /** How long the workflow waits for a decision (e.g. `10m`). @default `15m` */
  confirmationTimeout?: string;
}

export interface CreateVpsInput {
  provider?: string;
  name: string;
  type: string;
  region: string;
  /** @default the provider's `serverDefaults.image` (ubuntu-24.04) */
  image?: string;
  sshKeys?: string[];
  installFazt?: boolean;
  faztConfig?: { domain?: string; adminEmail?: string };
  ipv6?: boolean;
}

export interface DnsRecordInput {
  type: DnsRecord['type'];
  name: string;
  content: string;
  ttl?: number;
  proxied?: boolean;
  priority?: number;
}

export interface DnsPlanChange {
  kind: 'create' | 'update' | 'delete';
  name: string;
  type: DnsRecord['type'];
  before: DnsRecord[];
  after: DnsRecord[];
  description: string;
}

export interface DnsPlanResult {
  zone: string;
  changes: DnsPlanChange[];
  /** Human-readable plan, one line per change. */
  description: string;
  applied: boolean;
  unsafe: boolean;
}

export interface LaunchInput {
  fqdn: string;
  provider?: string;
  type?: string;
  region?: string;
  image?: string;
  sshKeys?: string[];
  ipv6?: boolean;
  ttl?: number;
}

export interface LaunchResult {
  fqdn: string;
  server: Server;
  records: DnsRecord[];
  /** Milliseconds per step. */
  timings: Record<string, number>;
  created: OperationProgress['created'];
  cleanedUp: string[];
}

export interface StartedOperation {
  workflowId: string;
  runId: string;
  /** Temporal Web UI link when known. */
  uiUrl?: string;
}

export interface InfraApi {
  vps: {
    types(provider?: string): Promise<ServerType[]>;
    regions(provider?: string): Promise<Region[]>;
    create(input: CreateVpsInput, opts?: CallOptions): Promise<Server>;
    list(): Promise<Server[]>;
    /** By `<provider>:<id>` or by name. */
    get(idOrName: string): Promise<Server>;
    status(idOrName: string): Promise<ServerHealth>;
    exec(idOrName: string, command: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
    reboot(idOrName: string): Promise<void>;
    destroy(idOrName: string, opts?: CallOptions): Promise<void>;
    sshKeys(provider?: string): Promise<SshKey[]>;
    addSshKey(provider: string, key: { name: string; publicKey: string }): Promise<SshKey>;
    removeSshKey(provider: string, name: string): Promise<void>;
  };
  dns: {
    zones(): Promise<ZoneSummary[]>;
    addZone(zone: string, opts: { provider?: string }): Promise<ZoneSummary>;
    records(zone: string): Promise<DnsRecord[]>;
    set(zone: string, record: DnsRecordInput): Promise<DnsRecord>;
    delete(zone: string, record: { type: DnsRecord['type']; name: string; content?: string }): Promise<void>;
    setMany(zone: string, records: DnsRecordInput[], opts?: CallOptions & { dryRun?: boolean; prune?: boolean }): Promise<DnsPlanResult>;
    checkPropagation(fqdn: string, opts?: { type?: DnsRecord['type']; expected?: string; resolvers?: string[] }): Promise<PropagationResult>;
    waitForPropagation(fqdn: string, opts?: CallOptions & { type?: DnsRecord['type']; expected?: string; timeout?: string }): Promise<PropagationResult & { cacheExpiresAt?: string }>;
  };
  launch(input: LaunchInput, opts?: CallOptions): Promise<LaunchResult>;
}

export interface InfraClient {
  dev: { infra: InfraApi };
  /** Starts a launch without waiting (`--detach`). */
  startLaunch(input: LaunchInput, opts?: CallOptions): Promise<StartedOperation>;
  /** Decisions waiting across all workflows. */
  pending(): Promise<PendingDecision[]>;
  approve(workflowId: string, opts?: { by?: string; reason?: string }): Promise<void>;
  reject(workflowId: string, opts?: { by?: string; reason?: string }): Promise<void>;
  /** Progress of any operation by workflow id, with its Temporal status. */
  progress(workflowId: string): Promise<OperationProgress & { status: string; result?: unknown; error?: unknown }>;
  /** Recent operations (from Temporal visibility). */
  operations(opts?: { limit?: number }): Promise<Array<{ workflowId: string; type: string; status: string; startedAt: string; provider?: string; operation?: string }>>;
  /** Temporal Web UI base URL, when known. */
  readonly uiUrl?: string;
  close(): Promise<void>;
}
