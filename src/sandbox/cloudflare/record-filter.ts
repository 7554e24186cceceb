/**
 * The list filters of `GET /zones/{id}/dns_records` (CF-SPEC parameters; CF-TS RecordListParams):
 * type, name[.op], content[.op], proxied, comment[.op|present|absent], tag[.op|present|absent],
 * search, match (any|all), tag_match, order/direction. String filters are case-insensitive.
 */
import type { CfRecord } from './state';

type Pred = (r: CfRecord) => boolean;
const OPS = ['exact', 'contains', 'startswith', 'endswith'] as const;

function strOp(op: (typeof OPS)[number], value: string): (s: string | undefined) => boolean {
  const v = value.toLowerCase();
  return (s) => {
    if (s === undefined) return false;
    const x = s.toLowerCase();
    if (op === 'exact') return x === v;
    if (op === 'contains') return x.includes(v);
    if (op === 'startswith') return x.startsWith(v);
    return x.endsWith(v);
  };
}

/** Tag filters: values are `name:value` (or just `name` for presence). */
function tagPred(op: (typeof OPS)[number] | 'present' | 'absent', value: string): Pred {
  const [tn, ...rest] = value.split(':');
  const tv = rest.join(':');
  const hasName = (r: CfRecord) => r.tags.some((t) => t.split(':')[0].toLowerCase() === tn.toLowerCase());
  if (op === 'present') return hasName;
  if (op === 'absent') return (r) => !hasName(r);
  const test = strOp(op, tv);
  return (r) => r.tags.some((t) => {
    const [n, ...v] = t.split(':');
    return n.toLowerCase() === tn.toLowerCase() && test(v.join(':'));
  });
}

/** Applies the query's filters and ordering; returns a new array. */
export function filterRecords(records: CfRecord[], q: URLSearchParams): CfRecord[] {
  const preds: Pred[] = [];
  const tagPreds: Pred[] = [];
  const type = q.get('type');
  if (type) preds.push((r) => r.type === type.toUpperCase());
  const name = q.get('name');
  if (name) preds.push((r) => strOp('exact', name.replace(/\.$/, ''))(r.name));
  const content = q.get('content');
  if (content) preds.push((r) => strOp('exact', content)(r.content));
  const comment = q.get('comment');
  if (comment) preds.push((r) => strOp('exact', comment)(r.comment));
  for (const op of OPS) {
    const n = q.get(`name.${op}`);
    if (n !== null) preds.push((r) => strOp(op, n.replace(/\.$/, ''))(r.name));
    const c = q.get(`content.${op}`);
    if (c !== null) preds.push((r) => strOp(op, c)(r.content));
    const cm = q.get(`comment.${op}`);
    if (cm !== null) preds.push((r) => strOp(op, cm)(r.comment));
  }
  if (q.has('comment.present')) preds.push((r) => r.comment !== undefined);
  if (q.has('comment.absent')) preds.push((r) => r.comment === undefined);
  const proxied = q.get('proxied');
  if (proxied === 'true' || proxied === 'false') preds.push((r) => r.proxied === (proxied === 'true'));
  const search = q.get('search');
  if (search) {
    const s = search.toLowerCase();
    preds.push((r) => [r.name, r.content, r.comment ?? '', ...r.tags].some((f) => f.toLowerCase().includes(s)));
  }
  const tag = q.get('tag');
  if (tag) tagPreds.push(tag.includes(':') ? tagPred('exact', tag) : tagPred('present', tag));
  for (const op of [...OPS, 'present', 'absent'] as const) {
    for (const v of q.getAll(`tag.${op}`)) tagPreds.push(tagPred(op, v));
  }
  if (tagPreds.length > 0) {
    const any = q.get('tag_match') === 'any';
    preds.push((r) => (any ? tagPreds.some((p) => p(r)) : tagPreds.every((p) => p(r))));
  }
  const anyMatch = q.get('match') === 'any';
  const out = preds.length === 0 ? records.slice() : records.filter((r) => (anyMatch ? preds.some((p) => p(r)) : preds.every((p) => p(r))));
  return sortRecords(out, q.get('order'), q.get('direction'));
}

const ORDER_KEYS: Record<string, (r: CfRecord) => string | number> = {
  type: (r) => r.type,
  name: (r) => r.name,
  content: (r) => r.content,
  ttl: (r) => r.ttl,
  proxied: (r) => (r.proxied ? 1 : 0),
};

/** Default order is type, then name, then content (what the dashboard shows); stable. */
function sortRecords(records: CfRecord[], order: string | null, direction: string | null): CfRecord[] {
  const keys = order && ORDER_KEYS[order] ? [ORDER_KEYS[order], ORDER_KEYS.name, ORDER_KEYS.content] : [ORDER_KEYS.type, ORDER_KEYS.name, ORDER_KEYS.content];
  const dir = direction === 'desc' ? -1 : 1;
  return records.sort((a, b) => {
    for (const k of keys) {
      const x = k(a);
      const y = k(b);
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return a.created_on < b.created_on ? -1 : a.created_on > b.created_on ? 1 : 0;
  });
}
