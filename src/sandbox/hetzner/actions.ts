/**
 * Hetzner's async Action objects: `running` with rising `progress` until `finishAt`, then
 * `success`. Status is computed from the clock on every read.
 */
import type { Route, SimRequest, SimResponse } from '../core/types';
import { HetznerError, notFound } from './errors';
import { paged } from './query';
import { iso, type ActionRec, type SimStore } from './state';

/** Records a new action that runs for `durationMs` from now. */
export function startAction(store: SimStore, command: string, resources: ActionRec['resources'], scope: ActionRec['scope'], durationMs = store.ctx.actionMs, startAt = store.now()): ActionRec {
  const a: ActionRec = { id: store.newId(), command, started: startAt, finishAt: startAt + durationMs, resources, scope };
  store.state.actions.push(a);
  // Keep the log bounded: old finished actions are forgotten (Hetzner keeps them, tests never need them).
  if (store.state.actions.length > 5000) store.state.actions.splice(0, 1000);
  return a;
}

export function isRunning(store: SimStore, a: ActionRec): boolean {
  return store.now() < a.finishAt;
}

/** Whether any action on this resource is still running (the resource is `locked`). */
export function hasRunningAction(store: SimStore, type: string, id: number): boolean {
  return store.state.actions.some((a) => isRunning(store, a) && a.resources.some((r) => r.type === type && r.id === id));
}

export function renderAction(store: SimStore, a: ActionRec) {
  const now = store.now();
  const done = now >= a.finishAt;
  const span = Math.max(1, a.finishAt - a.started);
  return {
    id: a.id,
    command: a.command,
    status: done ? 'success' : 'running',
    progress: done ? 100 : Math.max(0, Math.min(99, Math.floor(((now - a.started) / span) * 100))),
    started: iso(a.started),
    finished: done ? iso(a.finishAt) : null,
    resources: a.resources,
    error: null,
  };
}

function findAction(store: SimStore, id: string, filter: (a: ActionRec) => boolean = () => true): ActionRec {
  const a = /^\d+$/.test(id) ? store.state.actions.find((x) => x.id === Number(id) && filter(x)) : undefined;
  if (!a) throw notFound('action', id);
  return a;
}

function listActions(store: SimStore, req: SimRequest, filter: (a: ActionRec) => boolean): SimResponse {
  const ids = req.query.getAll('id');
  if (ids.some((i) => !/^\d+$/.test(i))) throw new HetznerError('invalid_input', "invalid input in field 'id'", { fields: [{ name: 'id', messages: ['Not a valid integer.'] }] });
  const statuses = req.query.getAll('status');
  const list = store.state.actions
    .filter(filter)
    .filter((a) => ids.length === 0 || ids.includes(String(a.id)))
    .filter((a) => statuses.length === 0 || statuses.includes(renderAction(store, a).status));
  return paged(req, 'actions', list, (a) => renderAction(store, a));
}

/** `/actions`, `/servers/actions` and `/zones/actions` lookups. */
export function actionRoutes(store: SimStore): Route[] {
  const ok = (a: ActionRec): SimResponse => ({ status: 200, body: { action: renderAction(store, a) } });
  return [
    { method: 'GET', pattern: '/actions', handler: (req) => listActions(store, req, () => true) },
    { method: 'GET', pattern: '/actions/:id', handler: (req) => ok(findAction(store, req.params.id)) },
    { method: 'GET', pattern: '/servers/actions', handler: (req) => listActions(store, req, (a) => a.scope === 'server') },
    { method: 'GET', pattern: '/servers/actions/:id', handler: (req) => ok(findAction(store, req.params.id, (a) => a.scope === 'server')) },
    { method: 'GET', pattern: '/zones/actions', handler: (req) => listActions(store, req, (a) => a.scope === 'zone') },
    { method: 'GET', pattern: '/zones/actions/:id', handler: (req) => ok(findAction(store, req.params.id, (a) => a.scope === 'zone')) },
  ];
}

/** Actions of one resource (`/servers/{id}/actions`, `/zones/{id}/actions`). */
export function resourceActions(store: SimStore, req: SimRequest, type: string, id: number): SimResponse {
  return listActions(store, req, (a) => a.resources.some((r) => r.type === type && r.id === id));
}

export function resourceAction(store: SimStore, actionId: string, type: string, id: number): SimResponse {
  const a = findAction(store, actionId, (x) => x.resources.some((r) => r.type === type && r.id === id));
  return { status: 200, body: { action: renderAction(store, a) } };
}
