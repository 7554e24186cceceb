/**
 * DigitalOcean wire helpers for the simulator: error bodies `{id, message, request_id}` with an
 * `X-Request-Id` header, and `page`/`per_page` pagination with `links.pages` and `meta.total`.
 */
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../core/types';

/** The `id` DO puts in an error body for each status. */
const ERROR_IDS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** A DO error response; the request id is in the body and the header, as DO sends it. */
export function doError(status: number, message: string, extraHeaders: Record<string, string> = {}): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    body: { id: ERROR_IDS[status] ?? 'error', message, request_id: requestId },
    headers: { 'x-request-id': requestId, ...extraHeaders },
  };
}

export const NOT_FOUND_MESSAGE = 'The resource you were accessing could not be found.';

export const notFound = (): SimResponse => doError(404, NOT_FOUND_MESSAGE);
export const unprocessable = (message: string): SimResponse => doError(422, message);
export const badRequest = (message: string): SimResponse => doError(400, message);

/** 200 with a body. */
export const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
export const noContent = (): SimResponse => ({ status: 204 });

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 200;

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= 1 ? n : fallback;
}

/**
 * One page of `items` under `key`, with `links.pages` (first/prev on later pages, next/last on
 * earlier ones; none when everything fits on one page) and `meta.total`, as DO returns lists.
 * `per_page` above 200 is capped, as DO does.
 */
export function paginate<T>(req: SimRequest, key: string, items: T[], extra: Record<string, unknown> = {}): SimResponse {
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(req.query.get('per_page'), DEFAULT_PER_PAGE));
  const page = positiveInt(req.query.get('page'), 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `${req.baseUrl}${req.path}?${q.toString()}`;
  };
  const pages: Record<string, string> = {};
  if (page > 1) {
    pages.first = link(1);
    pages.prev = link(Math.min(page - 1, last));
  }
  if (page < last) {
    pages.next = link(page + 1);
    pages.last = link(last);
  }
  const links = Object.keys(pages).length > 0 ? { pages } : {};
  return ok({ [key]: slice, ...extra, links, meta: { total: items.length } });
}

/** True for a plain JSON object (not an array or null). */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ISO-8601 without milliseconds, as DO formats timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
