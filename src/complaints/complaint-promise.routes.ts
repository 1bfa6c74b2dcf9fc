import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findSlaPolicy } from '../cases/index.ts';
import type { AppContext } from '../platform/http/context.ts';

/**
 * What the public complaint page promises before anyone has written: the first-response
 * target of the SLA policy a new complaint gets, in business hours. The page used to say
 * "24 hours" in its own text while the SLA gave four business hours on the Moscow calendar,
 * due three days later over a weekend; now the number comes from the policy, and the exact
 * time ("by Monday 13:00") from the registered case's own deadline.
 */
export const complaintPromiseRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/public/complaints/promise', {
    config: { access: { public: true } },
    schema: {
      tags: ['public'],
      summary: 'How soon a new complaint is answered: the first-response target of its SLA, in business minutes',
      security: [],
      response: {
        200: Type.Object({
          answer_within_business_minutes: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no first-response target, the page promises no time' }),
        }),
      },
    },
  }, async () => {
    // A new complaint is 'normal' until the triage rules look at it (registerComplaint).
    const policy = await findSlaPolicy(ctx.db, 'complaint', 'normal');
    return { answer_within_business_minutes: policy?.first_response_minutes ?? null };
  });
};
