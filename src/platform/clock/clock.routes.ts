import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { principalOf } from '../auth/auth.plugin.ts';
import { actorOf } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppContext } from '../http/context.ts';
import { problemResponses, Timestamp } from '../http/schemas.ts';
import { AdjustableClock } from './clock.ts';

const ClockSchema = Type.Object({
  now: Timestamp,
  offset_ms: Type.Integer({ description: 'How far the clock is ahead of the system clock' }),
  adjustable: Type.Boolean({ description: 'Whether the server started with REBOUND_CLOCK_CONTROL=true' }),
});

/**
 * The server's clock, and moving it forward for a demo or a browser test of deadlines
 * (a complaint's 24-hour first-reply timer). Only where the operator switched it on at
 * start; every move is in the audit log.
 */
export const clockRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  const view = () => ({
    now: ctx.clock.now().toISOString(),
    offset_ms: ctx.clock instanceof AdjustableClock ? ctx.clock.offset : 0,
    adjustable: ctx.clock instanceof AdjustableClock,
  });

  app.get('/api/system/clock', {
    config: { access: { permission: 'clock:move' } },
    schema: { tags: ['operations'], summary: "The server's clock", response: { 200: ClockSchema, ...problemResponses(401, 403) } },
  }, async () => view());

  app.post('/api/system/clock', {
    config: { access: { permission: 'clock:move' } },
    schema: {
      tags: ['operations'],
      summary: "Move the server's clock forward (only with REBOUND_CLOCK_CONTROL=true)",
      body: Type.Object({ advance_ms: Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600_000 }) }, { additionalProperties: false }),
      response: { 200: ClockSchema, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request) => {
    const clock = ctx.clock;
    if (!(clock instanceof AdjustableClock)) {
      throw new AppError('conflict', 'this server runs on the system clock; start it with REBOUND_CLOCK_CONTROL=true to move time', 'clock.not_adjustable');
    }
    clock.advance(request.body.advance_ms);
    await recordAudit(ctx.db, actorOf(principalOf(request)), { action: 'clock_advanced', entity: 'clock', details: { advance_ms: request.body.advance_ms, now: clock.now().toISOString() } });
    return view();
  });
};
