/** Read-only catalogue endpoints: server types, locations, datacenters, images and pricing. */
import type { Route, SimRequest } from '../core/types';
import { IMAGES, LOCATIONS, money, SERVER_TYPES } from './catalog';
import { invalidField, notFound } from './errors';
import { paged, sorted } from './query';
import { renderDatacenter, renderImage, renderLocation, renderServerType } from './server-view';

function one<T extends { id: number }>(list: T[], req: SimRequest, kind: string): T {
  const id = req.params.id;
  const item = /^\d+$/.test(id) ? list.find((x) => x.id === Number(id)) : undefined;
  if (!item) throw notFound(kind, id);
  return item;
}

function byName<T extends { name: string }>(req: SimRequest, list: T[]): T[] {
  const name = req.query.get('name');
  return name === null ? list : list.filter((x) => x.name === name);
}

export function catalogRoutes(): Route[] {
  return [
    { method: 'GET', pattern: '/server_types', handler: (req) => paged(req, 'server_types', sorted(req, byName(req, SERVER_TYPES), ['id', 'name']), renderServerType) },
    { method: 'GET', pattern: '/server_types/:id', handler: (req) => ({ status: 200, body: { server_type: renderServerType(one(SERVER_TYPES, req, 'server_type')) } }) },
    { method: 'GET', pattern: '/locations', handler: (req) => paged(req, 'locations', sorted(req, byName(req, LOCATIONS), ['id', 'name']), renderLocation) },
    { method: 'GET', pattern: '/locations/:id', handler: (req) => ({ status: 200, body: { location: renderLocation(one(LOCATIONS, req, 'location')) } }) },
    {
      method: 'GET', pattern: '/datacenters', handler: (req) => {
        const name = req.query.get('name');
        const list = LOCATIONS.filter((l) => name === null || l.datacenter.name === name).sort((a, b) => a.datacenter.id - b.datacenter.id);
        const res = paged(req, 'datacenters', list, renderDatacenter);
        return { ...res, body: { ...(res.body as object), recommendation: 4 } };
      },
    },
    {
      method: 'GET', pattern: '/datacenters/:id', handler: (req) => {
        const l = LOCATIONS.find((x) => String(x.datacenter.id) === req.params.id);
        if (!l) throw notFound('datacenter', req.params.id);
        return { status: 200, body: { datacenter: renderDatacenter(l) } };
      },
    },
    {
      method: 'GET', pattern: '/images', handler: (req) => {
        const types = req.query.getAll('type');
        const arch = req.query.get('architecture');
        if (arch !== null && arch !== 'x86' && arch !== 'arm') throw invalidField('architecture', 'Must be one of: x86, arm.');
        const bad = types.find((t) => !['system', 'app', 'snapshot', 'backup'].includes(t));
        if (bad) throw invalidField('type', 'Must be one of: system, app, snapshot, backup.');
        const list = byName(req, IMAGES).filter((i) => (types.length === 0 || types.includes('system')) && (arch === null || i.architecture === arch));
        return paged(req, 'images', sorted(req, list, ['id', 'name', 'created']), renderImage);
      },
    },
    { method: 'GET', pattern: '/images/:id', handler: (req) => ({ status: 200, body: { image: renderImage(one(IMAGES, req, 'image')) } }) },
    {
      method: 'GET', pattern: '/pricing', handler: () => ({
        status: 200,
        body: {
          pricing: {
            currency: 'EUR',
            vat_rate: '19.00',
            server_types: SERVER_TYPES.map((t) => ({ id: t.id, name: t.name, prices: renderServerType(t).prices })),
            primary_ips: [],
            floating_ips: [],
            image: { price_per_gb_month: { net: money(0.0119), gross: money(0.0119 * 1.19) } },
            server_backup: { percentage: '20.0000000000000000' },
          },
        },
      }),
    },
  ];
}
