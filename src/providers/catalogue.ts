/**
 * The provider catalogue: one line per provider, in the order people see them (per kind: the
 * first configured one is the default when none is set). Adding a provider
 * is its folder (a `descriptor.ts` of pure facts and an `index.ts` exporting `create`) plus one line
 * here; every list of provider names, env variables, defaults, budgets and currencies derives from
 * this (src/domain/providers.ts). Pure data: workflows read it too.
 *
 * Each line is a typed `require` so that one line both imports and lists a provider, in an order
 * that does not depend on the loader (a namespace import's key order differs between CommonJS and
 * the workflow bundler).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const PROVIDER_CATALOGUE = [
  require('./cloudflare/descriptor').descriptor as typeof import('./cloudflare/descriptor').descriptor,
  require('./hetzner/descriptor').descriptor as typeof import('./hetzner/descriptor').descriptor,
  require('./digitalocean/descriptor').descriptor as typeof import('./digitalocean/descriptor').descriptor,
  require('./vultr/descriptor').descriptor as typeof import('./vultr/descriptor').descriptor,
] as const;
