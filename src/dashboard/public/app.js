// The infrastructure page: fetches the JSON API and renders it. Every piece of text goes through
// textContent (never innerHTML), so names and reasons coming from providers cannot inject markup.
'use strict';

// Provider names and currencies come with the cards (the provider catalogue); only symbols live here.
const CURRENCY_SYMBOL = { EUR: '€', USD: '$', GBP: '£' };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else if (k === 'onclick') node.addEventListener('click', v);
    else node[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

// Filled from the provider cards before anything else renders.
const providerInfo = {};
const providerName = (p) => (providerInfo[p] && providerInfo[p].name) || p;
const money = (provider, v) => {
  if (v === null || v === undefined) return '';
  const currency = providerInfo[provider] && providerInfo[provider].currency;
  const symbol = CURRENCY_SYMBOL[currency];
  return symbol ? `${symbol}${Number(v).toFixed(2)}` : `${Number(v).toFixed(2)}${currency ? ` ${currency}` : ''}`;
};

// The session's CSRF token (GET /api/session), sent in a header with every state-changing request.
let csrf = null;

async function api(path, init) {
  const res = await fetch(path, init);
  // The session expired or was signed out: the sign-in page takes over.
  if (res.status === 401) location.reload();
  const body = await res.json();
  if (!res.ok) throw new Error((body && body.error && body.error.message) || `HTTP ${res.status}`);
  return body;
}

async function loadSession() {
  const session = await api('/api/session');
  csrf = session.csrf;
  document.getElementById('user').textContent = `Signed in as ${session.user}`;
}

async function send(method, path, body) {
  if (!csrf) await loadSession();
  return api(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
}

function fillTable(id, rows, cols, empty) {
  const tbody = document.querySelector(`#${id} tbody`);
  tbody.replaceChildren();
  if (!rows.length) {
    tbody.append(el('tr', {}, el('td', { class: 'empty', colSpan: cols.length }, empty)));
    return;
  }
  for (const row of rows) {
    tbody.append(el('tr', {}, ...cols.map((c) => el('td', { class: c.num ? 'num' : '' }, c.value(row)))));
  }
}

const statusCell = (status) => el('span', {}, el('span', { class: `dot ${String(status).toLowerCase()}` }), String(status).toLowerCase());

function renderProviders(p) {
  for (const c of [...p.vps, ...p.dns]) providerInfo[c.provider] = { name: c.name, currency: c.currency || (providerInfo[c.provider] || {}).currency };
  const vps = document.getElementById('vps-providers');
  vps.replaceChildren(...p.vps.map((c) => el('div', { class: `card${c.configured ? '' : ' off'}`, 'data-provider': c.provider },
    el('h3', {}, providerName(c.provider)),
    c.configured ? el('p', { class: 'connected' }, '✓ Connected') : el('p', { class: 'notsetup' }, '○ Not set up'),
    c.configured ? el('p', {}, `${c.servers} server${c.servers === 1 ? '' : 's'}`) : null,
    c.configured ? el('p', {}, `${money(c.provider, c.monthlyCost)}/mo`) : null)));
  const dns = document.getElementById('dns-providers');
  dns.replaceChildren(...p.dns.map((c) => el('div', { class: `card${c.configured ? '' : ' off'}`, 'data-provider': c.provider },
    el('h3', {}, providerName(c.provider)),
    c.configured ? el('p', { class: 'connected' }, '✓ Connected') : el('p', { class: 'notsetup' }, '○ Not set up'),
    c.configured ? el('p', {}, `${c.zones} zone${c.zones === 1 ? '' : 's'}`) : null,
    c.configured && c.note ? el('p', { class: 'muted' }, c.note) : null)));
}

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !prefix) flatten(v, key, out);
    else out.push([key, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  }
  return out;
}

/** Why an operation waits, per its catalogue entry (`decision`), as the page says it. */
const WHY = { paid: 'costs money', destroys: 'destroys', 'unsafe-plan': 'unsafe DNS plan' };

function renderPending(list) {
  const box = document.getElementById('pending');
  if (!list.length) {
    box.replaceChildren(el('p', { class: 'none' }, 'Nothing is waiting for a decision.'));
    return;
  }
  box.replaceChildren(...list.map((d) => {
    const dl = el('dl', {});
    for (const [k, v] of flatten(d.data, '', [])) dl.append(el('dt', {}, k), el('dd', {}, v));
    const decide = (verb) => async (ev) => {
      const card = ev.target.closest('.decision');
      card.querySelectorAll('button').forEach((b) => (b.disabled = true));
      try {
        // Names the request as shown: refused if it changed since.
        const shown = d.hash ? { requestId: d.id, requestHash: d.hash } : { requestId: d.id };
        const res = await send('POST', `/api/pending/${encodeURIComponent(d.workflowId)}/${verb}`, shown);
        const r = res && res.record;
        await refresh(`${verb === 'approve' ? 'Approved' : 'Rejected'} ${d.workflowId}${r ? ` (by ${r.by} via ${r.surface}, sha256 ${String(r.requestHash).slice(0, 12)})` : ''}`, true);
      } catch (err) {
        await refresh();
        setStatus(`Could not ${verb} ${d.workflowId}: ${err.message}`, true);
      }
    };
    return el('div', { class: 'decision', 'data-workflow-id': d.workflowId },
      el('p', { class: 'reason' }, d.reason),
      dl,
      el('p', { class: 'meta' }, `${d.summary || d.action}${WHY[d.decision] ? ` (${WHY[d.decision]})` : ''} · ${d.workflowId} · expires ${d.expiresAt}${d.hash ? ` · sha256 ${d.hash.slice(0, 12)}` : ''}`),
      el('button', { class: 'approve', type: 'button', onclick: decide('approve') }, 'Approve'),
      el('button', { class: 'reject', type: 'button', onclick: decide('reject') }, 'Reject'));
  }));
}

// The last drift report (the hourly schedule's, or the last `fazt dev infra drift`): data, never fixed here.
function renderDrift(report) {
  const status = document.getElementById('drift-status');
  if (!report) {
    status.textContent = 'No drift check yet.';
    fillTable('drift', [], [1, 2, 3, 4, 5].map(() => ({ value: () => '' })), 'No report.');
    return;
  }
  const unknown = report.providers.filter((p) => p.status === 'unknown').map((p) => providerName(p.provider));
  status.textContent = `Checked ${report.checkedAt}${unknown.length ? ` · unknown: ${unknown.join(', ')}` : ''}`;
  fillTable('drift', report.drift, [
    { value: (d) => d.id },
    { value: (d) => providerName(d.provider) },
    { value: (d) => d.issue },
    { value: (d) => d.known },
    { value: (d) => d.live },
  ], 'No drift.');
}

function setStatus(text, isError) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = isError ? 'error' : 'muted';
}

/** Reloads everything; `message` (e.g. what was just decided) replaces the "Updated" line. */
// Servers and zones are read through Temporal workflows (audited provider calls): refreshed every
// minute, on focus and after a decision. Pending decisions and operations come from Temporal's
// visibility store, which is cheap: every 5 seconds.
const INVENTORY_MS = 60000;
let inventory = null;
let inventoryAt = 0;

async function refresh(message, forceInventory) {
  try {
    const stale = forceInventory || !inventory || Date.now() - inventoryAt > INVENTORY_MS;
    const [inv, pending, ops] = await Promise.all([
      // Domains are optional (no registrar configured): an error leaves the table empty.
      stale ? Promise.all([api('/api/providers'), api('/api/servers'), api('/api/zones'), api('/api/health'), api('/api/drift'), api('/api/domains').catch(() => ({ domains: [] }))]) : Promise.resolve(inventory),
      api('/api/pending'), api('/api/operations?limit=10'),
    ]);
    if (stale) {
      inventory = inv;
      inventoryAt = Date.now();
    }
    const [providers, servers, zones, health, drift, domains] = inventory;
    const healthOf = (s) => ((health.health && health.health.servers) || []).find((h) => h.id === s.id);
    renderProviders(providers);
    fillTable('servers', servers.servers, [
      { value: (s) => s.name },
      { value: (s) => providerName(s.provider) },
      { value: (s) => s.ip || '—' },
      { value: (s) => statusCell(s.status) },
      { value: (s) => money(s.provider, s.monthlyCost), num: true },
      { value: (s) => (healthOf(s) ? el('span', { title: healthOf(s).detail }, statusCell(healthOf(s).health), ` · ${healthOf(s).at}`) : '—') },
    ], 'No servers yet.');
    renderDrift(drift.drift);
    fillTable('zones', zones.zones, [
      { value: (z) => z.zone },
      { value: (z) => providerName(z.provider) },
      { value: (z) => String(z.records), num: true },
      { value: () => el('span', { class: 'connected' }, '✓ Active') },
    ], 'No managed zones.');
    fillTable('domains', domains.domains, [
      { value: (d) => d.domain },
      { value: (d) => statusCell(d.status) },
      { value: (d) => d.expiresAt || '—' },
      { value: (d) => (d.autoRenew ? 'on' : 'off') },
    ], 'No domains.');
    renderPending(pending.pending);
    fillTable('operations', ops.operations, [
      { value: (o) => o.workflowId },
      { value: (o) => o.type },
      { value: (o) => statusCell(o.status) },
      { value: (o) => (o.provider ? providerName(o.provider) : '') },
      { value: (o) => o.startedAt },
    ], 'No operations yet.');
    setStatus(message || `Updated ${new Date().toLocaleTimeString()}`);
    document.body.dataset.loaded = 'true';
  } catch (err) {
    setStatus(`Could not load: ${err.message}`, true);
  }
}

loadSession().catch(() => undefined);
document.getElementById('signout').addEventListener('click', () => {
  send('DELETE', '/api/session').finally(() => location.reload());
});
refresh();
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, 5000);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh(undefined, true);
});
