import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, Nullable, Page, Paged, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { withoutTracking } from '../tracking/tracking-links.ts';
import { listMailbox, readMailboxMessage } from './mailbox.sql.ts';

// Every customer's mail in full, their codes and signed links included: administrators only (decision 018).
const read = { access: { permission: 'comms:mailbox' as const } };
const tags = ['demo mailbox'];

const Summary = Type.Object({
  id: Type.Integer(),
  message_id: Type.String(),
  from: Nullable(Type.String()),
  to: Type.Array(Type.String()),
  subject: Nullable(Type.String()),
  deliveries: Type.Integer({ description: 'How often this Message-ID was handed over (more than 1: a repeat the mailbox kept once)' }),
  received_at: Timestamp,
});

/** The embedded mailbox (when SMTP_URL is not set): what each customer would have received. */
export const mailboxRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/mailbox', {
    config: read,
    schema: {
      tags,
      summary: 'Mail received by the embedded SMTP server, newest first',
      querystring: Type.Object({ to: Type.Optional(Type.String({ maxLength: 320 })), q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the subject' })), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Summary), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, ...rest } = request.query;
    return listMailbox(ctx.db, { ...rest, limit, offset }) as never;
  });

  app.get('/api/mailbox/:id', {
    config: read,
    schema: {
      tags,
      summary: 'One received message: headers, rendered HTML and text',
      params: IdParams,
      response: {
        200: Type.Object({
          id: Type.Integer(),
          message_id: Type.String(),
          envelope_from: Nullable(Type.String()),
          envelope_to: Type.Array(Type.String()),
          deliveries: Type.Integer(),
          received_at: Timestamp,
          from: Nullable(Type.String()),
          to: Nullable(Type.String()),
          subject: Nullable(Type.String()),
          date: Nullable(Timestamp),
          language: Nullable(Type.String()),
          headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
          text: Nullable(Type.String()),
          html: Nullable(Type.String({ description: 'The mail as sent, without its open pixel and with tracked links pointing straight at their destination (an operator reading it is not the customer engaging); show it in a sandboxed iframe' })),
        }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const message = await readMailboxMessage(ctx.db, request.params.id);
    if (!message) throw notFound(`mailbox message ${request.params.id}`);
    return { ...message, html: message.html === null ? null : withoutTracking(message.html, ctx.signingKey, ctx.clock.now()) } as never;
  });
};
