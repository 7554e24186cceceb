/**
 * The typed interface of the client (`fazt.dev.infra.*`, per the spec's JavaScript interface) that
 * every surface uses: CLI, MCP server, dashboard. Implemented over Temporal in ./index.ts; surfaces
 * depend on this interface only, so their tests can pass a fake.
 */
import type { ConfirmationRequest, DecisionRecord, DecisionSurface, OperationProgress, PendingDecision } from '../domain/operations';
import type { dnsSet, domainRegister, domainTransfer, launch, launchRegister, vpsCreate, vpsTypes } from '../operations/catalogue';
import type { DomainCheck, DomainRegistration, OwnedDomain, RegistrarProgress } from '../domain/domains';
import type { AnyOperation, OperationInput, OperationResult } from '../operations/define';
import type {
  DnsRecord, ExecResult, PropagationResult, Region, Server, ServerHealth, ServerType, SshKey, ZoneSummary,
} from '../domain/types';

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
  /** Who decides through `confirm`/`autoApprove`. @default the OS user of this process, surface `api` */
  decider?: Decider;
  /** Return the workflow id right after starting instead of waiting (see {@link StartedOperation}). */
  workflowId?: string;
  /** How long the workflow waits for a decision (e.g. `10m`). @default `15m` */
  confirmationTimeout?: string;
}

/**
 * Who decides, as the calling surface vouches for it: the OS user for the CLI and the API, the
 * session's user for the dashboard, `mcp:<client>` for a delegated agent. Surfaces set it from
 * their channel; nothing a decider types becomes their identity.
 */
export interface Decider {
  by: string;
  surface: DecisionSurface;
}

/** Options of `approve`/`reject`. */
export interface DecideOptions {
  /** @default the OS user of this process, surface `api` */
  decider?: Decider;
  reason?: string;
  /** Refuse unless the pending request still has this id. */
  requestId?: string;
  /** The hash of the request as it was shown (refused when the content changed since). @default the hash of the request as read now */
  requestHash?: string;
}

/** `vps.create` input, as the catalogue's schema takes it. */
export type CreateVpsInput = OperationInput<typeof vpsCreate>;

/** A record to set, as the catalogue's schema takes it. */
export type DnsRecordInput = OperationInput<typeof dnsSet>['record'];

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

/** `launch` input, as the catalogue's schema takes it. */
export type LaunchInput = OperationInput<typeof launch>;

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

/** A VPS provider's name, as the catalogue accepts it. */
export type VpsProviderName = NonNullable<OperationInput<typeof vpsTypes>['provider']>;

/**
 * Runs one catalogue operation: validates `input` with its schema (INFRA_INVALID_INPUT before
 * anything starts), starts its workflow under its id, serves progress and decisions per `opts`,
 * and returns its result. Every `dev.infra.*` function is this with fixed `op`.
 */
export type RunOperation = <O extends AnyOperation>(op: O, input: OperationInput<O>, opts?: CallOptions) => Promise<OperationResult<O>>;

export interface InfraApi {
  vps: {
    types(provider?: VpsProviderName): Promise<ServerType[]>;
    regions(provider?: VpsProviderName): Promise<Region[]>;
    create(input: CreateVpsInput, opts?: CallOptions): Promise<Server>;
    list(): Promise<Server[]>;
    /** By `<provider>:<id>` or by name. */
    get(idOrName: string): Promise<Server>;
    status(idOrName: string): Promise<ServerHealth>;
    exec(idOrName: string, command: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
    reboot(idOrName: string): Promise<void>;
    destroy(idOrName: string, opts?: CallOptions): Promise<void>;
    sshKeys(provider?: VpsProviderName): Promise<SshKey[]>;
    addSshKey(provider: VpsProviderName, key: { name: string; publicKey: string }): Promise<SshKey>;
    removeSshKey(provider: VpsProviderName, name: string): Promise<void>;
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
  domain: {
    /** Authoritative availability and price. */
    check(domain: string): Promise<DomainCheck>;
    /** Suggestions (not authoritative). */
    search(query: string): Promise<DomainCheck[]>;
    /** Costs money: waits for a human decision. */
    register(input: OperationInput<typeof domainRegister>, opts?: CallOptions): Promise<DomainRegistration>;
    list(): Promise<OwnedDomain[]>;
    get(domain: string): Promise<OwnedDomain>;
    update(domain: string, changes: { autoRenew: boolean }): Promise<OwnedDomain>;
    transfer(input: OperationInput<typeof domainTransfer>, opts?: CallOptions): Promise<RegistrarProgress>;
  };
  launch(input: LaunchInput, opts?: CallOptions): Promise<LaunchResult>;
  /** `launch --register`: buys the domain first (one confirmation for everything). */
  launchRegister(input: OperationInput<typeof launchRegister>, opts?: CallOptions): Promise<LaunchRegisterResult>;
}

/** `launch --register`: what was bought (kept whatever happens next) and the launch. */
export interface LaunchRegisterResult {
  domain: DomainRegistration;
  launch: LaunchResult;
}

export interface InfraClient {
  dev: { infra: InfraApi };
  /** Runs any catalogue operation (what `dev.infra.*` does; MCP tools call it directly). */
  run: RunOperation;
  /** Starts a launch without waiting (`--detach`). */
  startLaunch(input: LaunchInput, opts?: CallOptions): Promise<StartedOperation>;
  /** Decisions waiting across all workflows. */
  pending(): Promise<PendingDecision[]>;
  /** Decides the pending request of a running operation; answers the record the workflow kept. */
  approve(workflowId: string, opts?: DecideOptions): Promise<DecisionRecord>;
  reject(workflowId: string, opts?: DecideOptions): Promise<DecisionRecord>;
  /** Progress of any operation by workflow id, with its Temporal status. */
  progress(workflowId: string): Promise<OperationProgress & { status: string; result?: unknown; error?: unknown }>;
  /** Recent operations (from Temporal visibility). */
  operations(opts?: { limit?: number }): Promise<Array<{ workflowId: string; type: string; status: string; startedAt: string; provider?: string; operation?: string }>>;
  /** fazt's Temporal Schedules (drift check, health sweep, renewal watch). */
  schedules: import('./schedules').ScheduleApi;
  /** Temporal Web UI base URL, when known. */
  readonly uiUrl?: string;
  close(): Promise<void>;
}
