/**
 * Shapes of long-running operations shared by workflows, the client and every surface: what a
 * workflow is doing (progress) and what it is waiting for a human to decide (confirmation).
 */

/** A decision a workflow waits for. Shown identically by the CLI, MCP and the dashboard. */
export interface ConfirmationRequest {
  /** Stable hash of the request; a decision must name it (stale decisions are refused). */
  id: string;
  /** e.g. `vps.create`, `vps.destroy`, `dns.setMany`, `launch`. */
  action: string;
  /** The workflow waiting for it: what `fazt dev infra approve <id>` takes. Always set by the workflow. */
  workflowId: string;
  /** One line for a human: "Create server prod-1 (cx22 in fsn1) for 3.79/month?" */
  reason: string;
  /** Everything shown to the human (server, plan, prices); never a credential. */
  data: Record<string, unknown>;
  /** ISO timestamps. */
  requestedAt: string;
  expiresAt: string;
  /**
   * SHA-256 of the canonical JSON of the fields above (`requestHash` in ./decisions.ts): what an
   * approval names, so it is tied to exactly the price and resources shown. Set by the workflow
   * (absent in requests from before decision records).
   */
  hash?: string;
}

/** Through which surface a decision came: that surface vouches for {@link Decision.by}. */
export type DecisionSurface = 'cli' | 'dashboard' | 'mcp' | 'api';

/**
 * A decision as sent to the workflow (the `decideUpdate` payload, kept in its history). Older
 * histories carry only `approved`, `requestId` and a free-text `by`; they still replay.
 */
export interface Decision {
  approved: boolean;
  /** Must equal {@link ConfirmationRequest.id}. */
  requestId: string;
  /**
   * Who decided, as the surface knows them: the OS user (CLI, API), the dashboard session's user,
   * `mcp:<client>` (an agent a person delegated to). Never free text typed by the decider.
   */
  by?: string;
  surface?: DecisionSurface;
  /** Must equal {@link ConfirmationRequest.hash} of the request shown. */
  requestHash?: string;
  reason?: string;
}

/** A decision as the workflow recorded it (query `decisions`, memo, audit trail). */
export interface DecisionRecord {
  approved: boolean;
  by: string;
  surface: DecisionSurface | 'unknown';
  /** Workflow time when the workflow accepted it. */
  decidedAt: string;
  requestId: string;
  requestHash: string | null;
  /** Exactly what was decided on. */
  request: ConfirmationRequest;
  reason?: string;
}

export interface StepRecord {
  step: string;
  /** ISO timestamps. */
  startedAt: string;
  finishedAt?: string;
  detail?: string;
}

/** What a workflow reports through its progress query. */
export interface OperationProgress {
  operation: string;
  /** The step running now (`done` when finished). */
  step: string;
  /** How many steps the operation has in all, when known (CLI progress lines read `[2/6] …`). */
  totalSteps?: number;
  steps: StepRecord[];
  /** What the workflow is waiting on right now, if anything. */
  waiting: { on: 'confirmation' | 'provider' | 'boot' | 'cloud-init' | 'propagation' | 'retry' | 'action'; detail: string } | null;
  pendingConfirmation: ConfirmationRequest | null;
  /** Resources this operation created so far (for compensation and display). */
  created: Array<{ kind: 'server' | 'record' | 'domain'; id: string; description: string }>;
}

/** A pending decision as listed across workflows. */
export interface PendingDecision extends ConfirmationRequest {
  workflowId: string;
  workflowType: string;
}
