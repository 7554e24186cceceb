/**
 * List-endpoint helpers: `page`/`per_page` pagination with `meta.pagination` and a `Link` header
 * (docs "Pagination"), `label_selector` (docs "Label Selector") and `sort`.
 */
import type { SimRequest, SimResponse } from '../core/types';
import { invalidField } from './errors';

/** Default and maximum page sizes (docs: 25 and 50). */
export const PER_PAGE_DEFAULT = 25;
export const PER_PAGE_MAX = 50;

function positiveInt(req: SimRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidField(name, 'Must be greater than or equal to 1.');
  return Number(raw);
}

/** Cuts one page out of `items` and answers `{ [key]: page, meta }` with the Link header. */
export function paged<T>(req: SimRequest, key: string, items: T[], render: (t: T) => unknown): SimResponse {
  const page = positiveInt(req, 'page', 1);
  const perPage = Math.min(PER_PAGE_MAX, positiveInt(req, 'per_page', PER_PAGE_DEFAULT));
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const pagination = {
    page,
    per_page: perPage,
    previous_page: page > 1 ? Math.min(page - 1, lastPage) : null,
    next_page: page < lastPage ? page + 1 : null,
    last_page: lastPage,
    total_entries: total,
  };
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const u = new URL(req.baseUrl + req.path);
    req.query.forEach((v, k) => { if (k !== 'page' && k !== 'per_page') u.searchParams.append(k, v); });
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    links.push(`<${u.toString()}>; rel="${rel}"`);
  };
  if (pagination.previous_page) link(pagination.previous_page, 'prev');
  if (pagination.next_page) link(pagination.next_page, 'next');
  link(lastPage, 'last');
  return { status: 200, body: { [key]: slice.map(render), meta: { pagination } }, headers: { link: links.join(', ') } };
}

type Term = (labels: Record<string, string>) => boolean;

/** Splits on commas outside parentheses (`env in (a,b),tier` → two terms). */
function splitTerms(sel: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of sel) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const KEY = '[A-Za-z0-9./_-]+';
const VAL = '[A-Za-z0-9._-]*';

function parseTerm(term: string): Term | null {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VAL})$`).exec(term))) {
    const [, k, op, v] = m;
    return op === '!=' ? (l) => l[k] !== v : (l) => l[k] === v;
  }
  if ((m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(term))) {
    const [, k, op, list] = m;
    const vals = list.split(',').map((s) => s.trim());
    if (!vals.every((v) => new RegExp(`^${VAL}$`).test(v))) return null;
    return op === 'in' ? (l) => k in l && vals.includes(l[k]) : (l) => !(k in l) || !vals.includes(l[k]);
  }
  if ((m = new RegExp(`^!\\s*(${KEY})$`).exec(term))) {
    const k = m[1];
    return (l) => !(k in l);
  }
  if ((m = new RegExp(`^(${KEY})$`).exec(term))) {
    const k = m[1];
    return (l) => k in l;
  }
  return null;
}

/** A predicate for `label_selector`, or null when absent; invalid selectors are `invalid_input`. */
export function labelFilter(req: SimRequest): ((labels: Record<string, string>) => boolean) | null {
  const sel = req.query.get('label_selector');
  if (sel === null || sel.trim() === '') return null;
  const terms = splitTerms(sel).map(parseTerm);
  if (terms.some((t) => t === null)) throw invalidField('label_selector', `invalid label selector '${sel}'`);
  return (labels) => terms.every((t) => t!(labels));
}

/** Applies `sort=field[:asc|:desc]` (repeatable) for the fields a resource allows; default id:asc. */
export function sorted<T extends Record<string, any>>(req: SimRequest, items: T[], fields: string[]): T[] {
  const keys = req.query.getAll('sort');
  const specs = keys.map((s) => {
    const [field, dir = 'asc'] = s.split(':');
    if (!fields.includes(field) || !['asc', 'desc'].includes(dir)) throw invalidField('sort', `invalid sort field '${s}'`);
    return { field, sign: dir === 'desc' ? -1 : 1 };
  });
  specs.push({ field: 'id', sign: 1 });
  return [...items].sort((a, b) => {
    for (const { field, sign } of specs) {
      const x = a[field];
      const y = b[field];
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  });
}
