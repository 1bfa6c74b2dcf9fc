import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database reachability (no authentication)',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }),
          503: Type.Object({ status: Type.Literal('error'), db: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await ctx.db.query('SELECT 1');
        return { status: 'ok' as const, db: ctx.db.kind };
      } catch (error) {
        reply.log.error({ err: error }, 'health check: database unreachable');
        return reply.code(503).send({ status: 'error' as const, db: ctx.db.kind });
      }
    },
  );
};
