import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reportingDb, type AppContext } from '../platform/http/context.ts';
import { problemResponses } from '../platform/http/schemas.ts';
import { dataHubStats } from './stats.sql.ts';

const Count = Type.Integer({ minimum: 0 });

/** Aggregates for the console's home screen and reports (P7). */
export const statsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/data/stats', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['data hub'],
      summary: 'Size of the data hub, orders per day (UTC) and shipments by status',
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'days of orders, ending today' })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          totals: Type.Object({ customers: Count, products: Count, lots: Count, locations: Count, orders: Count, shipments: Count }),
          lastOrderAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'time of the newest order, if any' }),
          from: Type.String({ format: 'date' }),
          to: Type.String({ format: 'date' }),
          ordersByDay: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), orders: Count, online: Count, store: Count })),
          shipmentsByStatus: Type.Array(Type.Object({ status: Type.String(), shipments: Count })),
        }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request) => dataHubStats(reportingDb(ctx), { days: request.query.days ?? 30, now: ctx.clock.now() }));
};
