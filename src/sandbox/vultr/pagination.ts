/**
 * Vultr cursor pagination (VU-SPEC "Meta and Pagination"): `per_page` (default 100, max 500) and an
 * opaque `cursor`; `meta{total, links{next, prev}}` where an empty string means no more pages.
 * Cursors look like Vultr's (base64 of `next__<position>`), and clients must treat them as opaque.
 */
import type { SimResponse } from '../core/types';
import { vultrError } from './errors';

export interface VultrMeta {
  total: number;
  links: { next: string; prev: string };
}

export type PageResult<T> = { ok: true; items: T[]; meta: VultrMeta } | { ok: false; response: SimResponse };

const encode = (dir: 'next' | 'prev', offset: number) => Buffer.from(`${dir}__${offset}`).toString('base64');

function decode(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const m = /^(next|prev)__(\d+)$/.exec(text);
  return m ? Number(m[2]) : null;
}

/** One page of `all` as selected by the request's `per_page` and `cursor`. */
export function paginate<T>(all: T[], query: URLSearchParams): PageResult<T> {
  const rawPer = query.get('per_page');
  let perPage = 100;
  if (rawPer !== null && rawPer !== '') {
    if (!/^\d+$/.test(rawPer) || Number(rawPer) < 1 || Number(rawPer) > 500) {
      return { ok: false, response: vultrError(400, 'Invalid per_page value. Must be between 1 and 500.') };
    }
    perPage = Number(rawPer);
  }
  let offset = 0;
  const cursor = query.get('cursor');
  if (cursor) {
    const decoded = decode(cursor);
    if (decoded === null) return { ok: false, response: vultrError(400, 'Invalid cursor.') };
    offset = decoded;
  }
  const items = all.slice(offset, offset + perPage);
  const next = offset + perPage < all.length ? encode('next', offset + perPage) : '';
  const prev = offset > 0 ? encode('prev', Math.max(0, offset - perPage)) : '';
  return { ok: true, items, meta: { total: all.length, links: { next, prev } } };
}
