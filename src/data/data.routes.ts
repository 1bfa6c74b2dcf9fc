import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, Page, Paged, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { listLocations, listLots, listProducts } from './catalogue.sql.ts';
import { CUSTOMER_SORTS, customer360, listCustomers, type CustomerSort } from './customers.sql.ts';
import { statsRoutes } from './stats.routes.ts';

const Customer = Type.Object({
  id: Type.Integer(),
  external_id: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  language: Type.String(),
  time_zone: Type.String(),
  tier: Type.String(),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  customer_since: Nullable(Type.String({ format: 'date' })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const Row = Type.Record(Type.String(), Type.Unknown());
const read = { access: { permission: 'data:read' as const } };

export const dataRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  await app.register(statsRoutes, ctx);

  app.get('/api/customers', {
    config: read,
    schema: {
      tags: ['data hub'],
      summary: 'Customers, filtered, sorted and paged on the server',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200, description: 'part of name, e-mail or external id' })),
        tier: Type.Optional(Type.Union(['standard', 'silver', 'gold', 'vip'].map((t) => Type.Literal(t)))),
        language: Type.Optional(Type.Union(['en', 'ru', 'uk', 'sv'].map((t) => Type.Literal(t)))),
        country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
        sort: Type.Optional(Type.Union(Object.keys(CUSTOMER_SORTS).map((s) => Type.Literal(s)))),
        ...Page,
      }, { additionalProperties: false }),
      response: { 200: Paged(Customer), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, sort, ...rest } = request.query;
    return listCustomers(ctx.db, { ...rest, sort: sort as CustomerSort | undefined, limit, offset }) as never;
  });

  app.get('/api/customers/:id', {
    config: read,
    schema: {
      tags: ['data hub'],
      summary: 'Customer 360: profile, consents, orders with lots, shipments, timeline',
      params: IdParams,
      response: {
        200: Type.Object({ customer: Customer, consents: Type.Array(Row), orders: Type.Array(Row), shipments: Type.Array(Row), interactions: Type.Array(Row) }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const view = await customer360(ctx.db, request.params.id);
    if (!view) throw notFound(`customer ${request.params.id}`);
    return view as never;
  });

  app.get('/api/products', {
    config: read,
    schema: {
      tags: ['data hub'],
      summary: 'Products with their number of lots',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), category: Type.Optional(Type.String({ maxLength: 200 })), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, ...rest } = request.query;
    return listProducts(ctx.db, { ...rest, limit, offset });
  });

  app.get('/api/lots', {
    config: read,
    schema: {
      tags: ['data hub'],
      summary: 'Production lots, newest first',
      querystring: Type.Object({ gtin: Type.Optional(Type.String({ pattern: '^[0-9]{14}$' })), lot_code: Type.Optional(Type.String({ maxLength: 20 })), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, ...rest } = request.query;
    return listLots(ctx.db, { ...rest, limit, offset });
  });

  app.get('/api/locations', {
    config: read,
    schema: {
      tags: ['data hub'],
      summary: 'Points of sale, warehouses, distributors and plants',
      querystring: Type.Object({
        kind: Type.Optional(Type.Union(['store', 'warehouse', 'distributor', 'plant', 'online'].map((k) => Type.Literal(k)))),
        chain: Type.Optional(Type.String({ maxLength: 200 })),
        region: Type.Optional(Type.String({ maxLength: 200 })),
        ...Page,
      }, { additionalProperties: false }),
      response: { 200: Paged(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, ...rest } = request.query;
    return listLocations(ctx.db, { ...rest, limit, offset });
  });
};
