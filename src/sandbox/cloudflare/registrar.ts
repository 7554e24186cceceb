/**
 * The Registrar API (provider-api-notes §4.6, SDK `client.registrar` / `client.registrarSandbox`)
 * under `/accounts/:account/registrar/...` and `/accounts/:account/registrar-sandbox/...`:
 * domain-search, domain-check (≤ 20 names), extensions, registrations (201 inside the sync window,
 * else 202 with a WorkflowStatus; `Prefer: respond-async` → 202 at once), list (cursor, sort), get,
 * PATCH auto_renew, registration-status and update-status. A second registration of a name is
 * refused. The sandbox surface needs full contacts and creates no zone. Scripted outcomes: see
 * registrar-catalog.ts.
 */
import type { Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { guard, ok, reject } from './envelope';
import { checkName, DASHBOARD_ONLY, PRICES, scriptFor, suggest } from './registrar-catalog';
import { parseRegistrationBody } from './registrar-contacts';
import { newWorkflow, settle, workflowWire, type CfRegistration, type Surface } from './registrar-store';
import { newId, type CfState } from './state';

/** Registrar error codes; unverified (no public bodies found), chosen in Cloudflare's 1xxxx range. */
export const REG = {
  tooMany: { code: 10010, message: 'domains must list between 1 and 20 names' },
  notRegistrable: (name: string, reason: string) => ({ code: 10011, message: `${name} cannot be registered: ${reason}` }),
  alreadyRegistered: (name: string) => ({ code: 10012, message: `${name} is already registered in this account` }),
  unknownRegistration: (name: string) => ({ code: 10013, message: `No registration for ${name} in this account` }),
  noUpdate: (name: string) => ({ code: 10014, message: `No update for ${name}` }),
  unknownExtension: (ext: string) => ({ code: 10015, message: `Unknown extension ${ext}` }),
  badQuery: (what: string) => ({ code: 10016, message: what }),
  account: { code: 7003, message: 'Could not route to the account, perhaps your object identifier is invalid?' },
} as const;

function registrationWire(r: CfRegistration): Record<string, unknown> {
  return {
    domain_name: r.domain_name, status: r.status, created_at: r.created_at, expires_at: r.expires_at,
    auto_renew: r.auto_renew, locked: r.locked, privacy_mode: r.privacy_mode,
  };
}

const respondAsync = (req: SimRequest) => String(req.headers.prefer ?? '').split(',').some((p) => p.trim() === 'respond-async');

/** Registrations that exist (a failed purchase leaves none). */
function live(list: CfRegistration[], now: number): CfRegistration[] {
  return list.filter((r) => !(r.registration.script === 'fail' && now >= r.registration.doneAt));
}

function cursorPage<T>(items: T[], q: URLSearchParams): { page: T[]; info: Record<string, unknown> } {
  const start = q.get('cursor') ? Number(Buffer.from(q.get('cursor')!, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) reject(400, REG.badQuery('cursor is invalid'));
  const perPage = Math.min(50, Math.max(1, Number(q.get('per_page') ?? 20) || 20));
  const page = items.slice(start, start + perPage);
  const next = start + perPage < items.length ? Buffer.from(String(start + perPage)).toString('base64url') : undefined;
  return { page, info: { count: page.length, per_page: perPage, ...(next ? { cursor: next } : {}) } };
}

export function registrarRoutes(state: () => CfState, ctx: SimContext): Route[] {
  return (['registrar', 'registrar-sandbox'] as Surface[]).flatMap((surface) => surfaceRoutes(state, ctx, surface));
}

function surfaceRoutes(state: () => CfState, ctx: SimContext, surface: Surface): Route[] {
  const p = `/accounts/:account/${surface}`;
  /** Checks the account, settles finished work, and runs the handler with the surface's list. */
  const h = (fn: (req: SimRequest, list: CfRegistration[], now: number, base: string) => SimResponse) => (req: SimRequest) => guard(() => {
    const s = state();
    if (req.params.account !== s.account.id) reject(404, REG.account);
    const now = ctx.now();
    return fn(req, settle(s, surface, now), now, `${req.baseUrl}/accounts/${s.account.id}/${surface}`);
  });
  const find = (list: CfRegistration[], name: string, now: number) => live(list, now).find((r) => r.domain_name === name.toLowerCase());
  const owned = (list: CfRegistration[], now: number) => (n: string) => !!find(list, n, now);

  return [
    { method: 'GET', pattern: `${p}/domain-search`, handler: h((req, list, now) => {
      const q = req.query.get('q') ?? '';
      if (!q.trim()) reject(400, REG.badQuery('q is required'));
      const exts = [...req.query.getAll('extensions'), ...req.query.getAll('extensions[]')].flatMap((e) => e.split(',')).map((e) => e.replace(/^\./, '').toLowerCase()).filter(Boolean);
      const limit = Math.min(50, Math.max(1, Number(req.query.get('limit') ?? 20) || 20));
      return ok({ domains: suggest(q, exts, limit, owned(list, now)) });
    }) },
    { method: 'POST', pattern: `${p}/domain-check`, handler: h((req, list, now) => {
      const names = req.body?.domains;
      if (!Array.isArray(names) || names.length < 1 || names.length > 20 || names.some((n: unknown) => typeof n !== 'string')) reject(400, REG.tooMany);
      return ok({ domains: names.map((n: string) => checkName(n, owned(list, now))) });
    }) },
    { method: 'GET', pattern: `${p}/extensions`, handler: h((req) => {
      const dir = req.query.get('direction') === 'desc' ? -1 : 1;
      const name = req.query.get('name');
      const all = Object.keys(PRICES).filter((t) => !name || t.includes(name)).sort().map((t) => extensionWire(t));
      if (dir < 0) all.reverse();
      const { page, info } = cursorPage(all, req.query);
      return { status: 200, body: { success: true, errors: [], messages: [], result: page, result_info: info } };
    }) },
    { method: 'GET', pattern: `${p}/extensions/:ext`, handler: h((req) => {
      const ext = req.params.ext.replace(/^\./, '').toLowerCase();
      if (!PRICES[ext]) reject(404, REG.unknownExtension(ext));
      return ok(extensionWire(ext));
    }) },
    { method: 'POST', pattern: `${p}/registrations`, handler: h((req, list, now, base) => {
      const body = parseRegistrationBody(req.body, surface === 'registrar-sandbox');
      if (find(list, body.domain_name, now)) reject(400, REG.alreadyRegistered(body.domain_name));
      const check = checkName(body.domain_name, () => false);
      if (!check.registrable) reject(400, REG.notRegistrable(body.domain_name, check.reason!));
      const at = new Date(now).toISOString();
      const reg: CfRegistration = {
        ...body, locked: true, status: 'registration_pending', created_at: at, expires_at: null,
        registration: newWorkflow(scriptFor(body.domain_name), now, ctx.actionMs), update: null, id: newId(),
      };
      const i = list.findIndex((r) => r.domain_name === body.domain_name);
      if (i >= 0) list.splice(i, 1); // a failed attempt leaves nothing behind
      list.push(reg);
      const async = respondAsync(req);
      settle(state(), surface, now);
      const wire = workflowWire(reg, reg.registration, 'registration', base, now, async ? 'pending' : undefined);
      const headers: Record<string, string> = async ? { 'Preference-Applied': 'respond-async' } : {};
      return { ...ok(wire, { status: wire.completed ? 201 : 202 }), headers };
    }) },
    { method: 'GET', pattern: `${p}/registrations`, handler: h((req, list, now) => {
      const sortBy = req.query.get('sort_by') ?? 'name';
      if (!['name', 'registry_created_at', 'registry_expires_at'].includes(sortBy)) reject(400, REG.badQuery('sort_by must be name, registry_created_at or registry_expires_at'));
      const dir = req.query.get('direction') === 'desc' ? -1 : 1;
      const key = (r: CfRegistration) => (sortBy === 'name' ? r.domain_name : sortBy === 'registry_created_at' ? r.created_at : r.expires_at ?? '9999');
      const sorted = [...live(list, now)].sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : a.domain_name < b.domain_name ? -1 : 1));
      const { page, info } = cursorPage(sorted.map(registrationWire), req.query);
      return { status: 200, body: { success: true, errors: [], messages: [], result: page, result_info: info } };
    }) },
    { method: 'GET', pattern: `${p}/registrations/:name`, handler: h((req, list, now) => {
      const r = find(list, req.params.name, now);
      if (!r) reject(404, REG.unknownRegistration(req.params.name));
      return ok(registrationWire(r));
    }) },
    { method: 'PATCH', pattern: `${p}/registrations/:name`, handler: h((req, list, now, base) => {
      const r = find(list, req.params.name, now);
      if (!r) reject(404, REG.unknownRegistration(req.params.name));
      const b = req.body;
      if (!b || typeof b !== 'object' || (b.auto_renew !== undefined && typeof b.auto_renew !== 'boolean')) reject(400, REG.badQuery('auto_renew must be a boolean'));
      if (typeof b.auto_renew === 'boolean') r.auto_renew = b.auto_renew;
      r.update = newWorkflow('instant', now, ctx.actionMs);
      const async = respondAsync(req);
      const wire = workflowWire(r, r.update, 'update', base, now, async ? 'pending' : undefined);
      const headers: Record<string, string> = async ? { 'Preference-Applied': 'respond-async' } : {};
      return { ...ok(wire, { status: async ? 202 : 200 }), headers };
    }) },
    { method: 'GET', pattern: `${p}/registrations/:name/registration-status`, handler: h((req, list, now, base) => {
      const r = list.find((x) => x.domain_name === req.params.name.toLowerCase());
      if (!r) reject(404, REG.unknownRegistration(req.params.name));
      return ok(workflowWire(r, r.registration, 'registration', base, now));
    }) },
    { method: 'GET', pattern: `${p}/registrations/:name/update-status`, handler: h((req, list, now, base) => {
      const r = find(list, req.params.name, now);
      if (!r?.update) reject(404, REG.noUpdate(req.params.name));
      return ok(workflowWire(r, r.update, 'update', base, now));
    }) },
  ];
}

/** An extension's metadata and registration schema (contacts required, no extras). */
function extensionWire(tld: string): Record<string, unknown> {
  return {
    metadata: { name: `.${tld}`, tld },
    registration_schema: {
      contacts: { registrant: 'required', administrator: 'optional', technical: 'optional', billing: 'optional' },
      contact_extensions: {}, acknowledgements: {}, years: { min: 1, max: 10 },
    },
    transfer_schema: { supported_via_api: !DASHBOARD_ONLY.includes(tld), auth_code: 'required' },
  };
}
