/**
 * Validation of `POST /v2/droplets` bodies, in the order and with the messages DO uses. Returns
 * either a normalised request or the DO error response, so nothing is created from bad input.
 */
import { findImage, REGIONS, SIZES, sizeRegions, type ImageDef, type SizeDef } from './catalog';
import { badRequest, isObject, unprocessable } from './http';
import type { SimResponse } from '../core/types';
import type { DoState, KeyState } from './state';

/** DO's user_data limit. */
export const MAX_USER_DATA_BYTES = 64 * 1024;
/** DO's limit on names per multi-create. */
export const MAX_NAMES = 10;

const HOSTNAME = /^[a-zA-Z0-9]?[a-z0-9A-Z.-]*[a-z0-9A-Z]$/;
/** DO tags: letters, numbers, colons, dashes and underscores, at most 255 characters. */
export const TAG_PATTERN = /^[a-zA-Z0-9_:-]{1,255}$/;

export interface CreateRequest {
  names: string[];
  size: SizeDef;
  regionSlug: string;
  image: ImageDef;
  keys: KeyState[];
  tags: string[];
  userData?: string;
  ipv6: boolean;
  monitoring: boolean;
  backups: boolean;
  multi: boolean;
}

const BOOL_FIELDS = ['ipv6', 'monitoring', 'backups', 'private_networking', 'with_droplet_agent', 'public_networking'];

export function parseCreate(body: unknown, s: DoState): CreateRequest | SimResponse {
  if (!isObject(body)) return badRequest('The request body must be a JSON object.');
  for (const f of BOOL_FIELDS) {
    if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'boolean') return badRequest(`${f} must be a boolean.`);
  }
  const multi = body.names !== undefined;
  let names: string[];
  if (multi) {
    if (!Array.isArray(body.names) || body.names.some((n: unknown) => typeof n !== 'string')) return badRequest('names must be an array of strings.');
    names = body.names;
    if (names.length === 0) return unprocessable('You must provide at least one name.');
    if (names.length > MAX_NAMES) return unprocessable(`You may only create up to ${MAX_NAMES} Droplets at a time.`);
  } else {
    if (body.name === undefined || body.name === null || body.name === '') return unprocessable('Name is required.');
    if (typeof body.name !== 'string') return badRequest('name must be a string.');
    names = [body.name];
  }
  for (const n of names) {
    if (n.length > 255 || !HOSTNAME.test(n)) return unprocessable('Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)');
  }

  if (typeof body.size !== 'string') return body.size === undefined ? unprocessable('Size is required.') : badRequest('size must be a string.');
  const size = SIZES.find((x) => x.slug === body.size);
  if (!size) return unprocessable('You specified an invalid size for Droplet creation.');

  if (body.image === undefined || body.image === null || body.image === '') return unprocessable('Image is required.');
  if (typeof body.image !== 'string' && typeof body.image !== 'number') return badRequest('image must be a string or an integer.');
  const image = findImage(body.image);
  if (!image) return unprocessable('You specified an invalid image for Droplet creation.');

  let regionSlug: string;
  const offered = sizeRegions(size);
  if (body.region === undefined || body.region === null || body.region === '') {
    regionSlug = offered[0];
  } else {
    if (typeof body.region !== 'string') return badRequest('region must be a string.');
    // DO accepts a region prefix like `nyc` and picks a datacenter in it.
    const exact = REGIONS.find((r) => r.slug === body.region);
    const byPrefix = REGIONS.find((r) => r.available && r.slug.replace(/\d+$/, '') === body.region && offered.includes(r.slug));
    const region = exact ?? byPrefix;
    if (!region) return unprocessable('You specified an invalid region for Droplet creation.');
    if (!region.available || !offered.includes(region.slug)) return unprocessable('Size is not available in this region.');
    regionSlug = region.slug;
  }

  const keyRefs = body.ssh_keys ?? [];
  if (!Array.isArray(keyRefs) || keyRefs.some((k: unknown) => typeof k !== 'string' && typeof k !== 'number')) {
    return badRequest('ssh_keys must be an array of key IDs or fingerprints.');
  }
  const keys: KeyState[] = [];
  for (const ref of keyRefs) {
    const k = s.keys.find((x) => x.id === Number(ref) || x.fingerprint === ref);
    if (!k) return unprocessable('You specified an invalid SSH key ID or fingerprint for Droplet creation.');
    keys.push(k);
  }

  const tags = body.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t: unknown) => typeof t !== 'string')) return badRequest('tags must be an array of strings.');
  for (const t of tags) {
    if (!TAG_PATTERN.test(t)) return unprocessable('Tag names may only contain letters, numbers, colons, dashes, and underscores, and be at most 255 characters.');
  }

  let userData: string | undefined;
  if (body.user_data !== undefined && body.user_data !== null) {
    if (typeof body.user_data !== 'string') return badRequest('user_data must be a string.');
    if (Buffer.byteLength(body.user_data, 'utf8') > MAX_USER_DATA_BYTES) return unprocessable('user_data has a maximum size of 64 KiB.');
    userData = body.user_data;
  }

  return {
    names, size, regionSlug, image, keys, tags: [...new Set(tags as string[])], userData, multi,
    ipv6: body.ipv6 === true, monitoring: body.monitoring === true, backups: body.backups === true,
  };
}
