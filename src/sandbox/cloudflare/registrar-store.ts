/**
 * Registrations the sandbox registrar holds and the WorkflowStatus of each purchase or update,
 * derived from the clock: a scripted registration moves pending → in_progress → (blocked) →
 * succeeded / failed / action_required over multiples of the sandbox's action time. `settle`
 * applies what has completed: a succeeded registration becomes `active` with an expiry and (on
 * the live surface) a Cloudflare zone with Cloudflare nameservers, so DNS works on it at once.
 */
import { addZoneVersions } from './dns-source';
import type { Script } from './registrar-catalog';
import { nameServersFor, newId, type CfState, type CfZone } from './state';

export type Surface = 'registrar' | 'registrar-sandbox';
export type WfState = 'pending' | 'in_progress' | 'action_required' | 'blocked' | 'succeeded' | 'failed';

/** One purchase or update in flight or finished (epoch ms). */
export interface CfWorkflow {
  createdAt: number;
  /** When it reaches its final state. */
  doneAt: number;
  script: Script;
  /** Bumped each time the state is observed to change (`updated_at`). */
  updatedAt: number;
}

export interface CfRegistration {
  domain_name: string;
  years: number;
  auto_renew: boolean;
  locked: boolean;
  privacy_mode: 'off' | 'redaction';
  status: 'active' | 'registration_pending' | 'expired' | 'suspended' | 'redemption_period' | 'pending_delete';
  created_at: string;
  expires_at: string | null;
  registration: CfWorkflow;
  update: CfWorkflow | null;
  /** A legacy-domains id. */
  id: string;
}

export interface RegistrarState {
  registrar: CfRegistration[];
  'registrar-sandbox': CfRegistration[];
}

/** The registrar part of the state; created on first use so older state files still load. */
export function registrarOf(s: CfState): RegistrarState {
  const r = s as CfState & { registrations?: RegistrarState };
  if (!r.registrations) r.registrations = { registrar: [], 'registrar-sandbox': [] };
  return r.registrations;
}

/** The state a workflow is in at `now`. */
export function stateAt(w: CfWorkflow, now: number): WfState {
  const span = Math.max(1, w.doneAt - w.createdAt);
  const t = now - w.createdAt;
  if (w.script === 'action' && t >= span / 2) return 'action_required';
  if (now >= w.doneAt) return w.script === 'fail' ? 'failed' : 'succeeded';
  if (t < span / 4) return 'pending';
  if (w.script === 'blocked' && t >= span / 3) return 'blocked';
  return 'in_progress';
}

/** A new workflow: an instant one is already done; others take `actionMs` × 2 (blocked × 6); `action` stops half way. */
export function newWorkflow(script: Script, now: number, actionMs: number): CfWorkflow {
  const span = script === 'instant' ? 0 : script === 'blocked' ? actionMs * 6 : actionMs * 2;
  return { createdAt: now, doneAt: now + span, script, updatedAt: now };
}

/** Applies finished registrations (status, expiry, zone); returns the list for `surface`. */
export function settle(s: CfState, surface: Surface, now: number): CfRegistration[] {
  const list = registrarOf(s)[surface];
  for (const r of list) {
    if (r.status !== 'registration_pending') continue;
    const st = stateAt(r.registration, now);
    if (st !== 'succeeded') continue;
    const done = r.registration.doneAt;
    r.status = 'active';
    const exp = new Date(done);
    exp.setUTCFullYear(exp.getUTCFullYear() + r.years);
    r.expires_at = exp.toISOString();
    r.registration.updatedAt = done;
    if (surface === 'registrar') ensureZone(s, r.domain_name, done);
  }
  return list;
}

/** The Cloudflare zone a registration gets (Cloudflare Registrar requires Cloudflare DNS). */
function ensureZone(s: CfState, name: string, now: number): void {
  if (s.zones.some((z) => z.name === name)) return;
  const at = new Date(now).toISOString();
  const zone: CfZone = {
    id: newId(), name, status: 'active', type: 'full', paused: false, name_servers: nameServersFor(name),
    created_on: at, modified_on: at, activated_on: at,
  };
  s.zones.push(zone);
  addZoneVersions(s, zone, now);
}

/** A WorkflowStatus body (SDK `Registrar.WorkflowStatus`). */
export function workflowWire(r: CfRegistration, w: CfWorkflow, kind: 'registration' | 'update', base: string, now: number, forced?: WfState): Record<string, unknown> {
  const state = forced ?? stateAt(w, now);
  const self = `${base}/registrations/${r.domain_name}/${kind === 'registration' ? 'registration-status' : 'update-status'}`;
  const out: Record<string, unknown> = {
    state,
    completed: state === 'succeeded' || state === 'failed',
    created_at: new Date(w.createdAt).toISOString(),
    updated_at: new Date(Math.min(now, Math.max(w.updatedAt, w.createdAt + (state === 'pending' ? 0 : 1)))).toISOString(),
    links: { self, ...(state === 'succeeded' ? { resource: `${base}/registrations/${r.domain_name}` } : {}) },
    context: { domain_name: r.domain_name },
  };
  if (state === 'action_required') {
    out.context = {
      domain_name: r.domain_name,
      action: { type: 'verify_registrant_email', message: `Confirm the registrant email address for ${r.domain_name} (a verification link was sent to it); then the registration continues.` },
    };
  }
  if (state === 'failed') out.error = { code: 'registry_error', message: `The registry refused ${r.domain_name}; nothing was charged.` };
  return out;
}
