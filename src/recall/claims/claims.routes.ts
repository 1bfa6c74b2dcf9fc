import { maskSecretsDeep } from '../../platform/links/mask-secrets.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, Page, problemResponses } from '../../platform/http/schemas.ts';
import { verifyToken } from '../../platform/links/signed-token.ts';
import { createPayoutBatch, listClaims, listPayoutBatches, payoutBatchCsv } from './payouts.ts';
import { CLAIM_CODE_ATTEMPTS, CLAIM_CODE_MINUTES, confirmClaimCode, requestClaimCode } from './claim-proof.ts';
import { CLAIM_TOKEN_PURPOSE, claimView, submitClaim } from './submit-claim.ts';
import { authorizeCsvExport, mayExportCsv } from '../../platform/csv/csv-export.ts';

const Lang = Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Literal('uk'), Type.Literal('sv')]);
const Row = Type.Record(Type.String(), Type.Unknown());

const ClaimView = Type.Object({
  reference: Type.String(),
  recall_reference: Type.String(),
  status: Type.Union([Type.Literal('approved'), Type.Literal('review'), Type.Literal('rejected')]),
  requested: Type.Union([Type.Literal('refund'), Type.Literal('voucher')]),
  value_minor: Type.Integer(),
  currency: Type.String(),
  quantity: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  submitted_at: Type.String({ format: 'date-time' }),
  decided_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  voucher: Type.Union([Type.Object({ code: Type.String(), expires_at: Type.String({ format: 'date-time' }) }), Type.Null()]),
  refund_sent: Type.Boolean(),
  language: Type.String(),
});

/** Claims from the recall page (public), their status by signed link, and the console's side: list and payouts. */
export const claimRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post('/api/public/recalls/:reference/claims', {
    // A family or a shop's shared Wi-Fi may claim several times; a script may not claim hundreds.
    config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'Claim a refund or a voucher for a recalled product; the claim rules approve it at once or a person decides',
      description: 'An offer made to an identified customer (their voucher, their refund) is collected only with proof: the token of the link in their notice, '
        + 'or the one a confirmed one-time code gives (…/claims/code, …/claims/code/confirm). The lot must then be one they bought. Without proof the claim is '
        + "a walk-in's: the e-mail or phone is only a contact, never looked up, a refund always goes to a person, and a repeat answers 409 without the first claim.",
      security: [],
      params: Type.Object({ reference: Type.String({ pattern: '^RC-\\d{4}-\\d{4,}$' }) }),
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'required without proof' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{6,20}$' })),
        lang: Type.Optional(Lang),
        code: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'what is printed or scanned on the pack; or gtin with lot' })),
        gtin: Type.Optional(Type.String({ minLength: 8, maxLength: 14 })),
        lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        quantity: Type.Integer({ minimum: 1, maximum: 100 }),
        requested: Type.Union([Type.Literal('refund'), Type.Literal('voucher')]),
        account_holder: Type.Optional(Type.String({ minLength: 1, maxLength: 140 })),
        iban: Type.Optional(Type.String({ minLength: 15, maxLength: 42 })),
        bic: Type.Optional(Type.String({ minLength: 8, maxLength: 11 })),
        proof: Type.Optional(Type.String({ minLength: 10, maxLength: 2000, description: "the notice link's t, or the proof of a confirmed one-time code" })),
      }, { additionalProperties: false }),
      response: { 200: Type.Intersect([ClaimView, Type.Object({ replayed: Type.Boolean(), status_url: Type.String() })]), 201: Type.Intersect([ClaimView, Type.Object({ replayed: Type.Boolean(), status_url: Type.String() })]), ...problemResponses(400, 403, 404, 409, 422, 429) },
    },
  }, async (request, reply) => {
    const { lang, ...rest } = request.body;
    const claim = await submitClaim(ctx, request.params.reference, { ...rest, language: lang ?? 'en' });
    return reply.code(claim.replayed ? 200 : 201).send(claim);
  });

  const Reference = Type.Object({ reference: Type.String({ pattern: '^RC-\\d{4}-\\d{4,}$' }) });
  app.post('/api/public/recalls/:reference/claims/code', {
    // Each code is an e-mail: few per address (claim-proof.ts) and few per client.
    config: { access: { public: true }, rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'Ask for a one-time code by e-mail, to prove you are the customer we wrote to about this recall',
      description: `The code goes to the address given only when it is on file for a customer the recall affects; the answer is the same for any address. It is valid for ${CLAIM_CODE_MINUTES} minutes.`,
      security: [],
      params: Reference,
      body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) }, { additionalProperties: false }),
      response: { 202: Type.Object({ sent_if_on_file: Type.Boolean(), expires_in_minutes: Type.Integer() }), ...problemResponses(400, 404, 409, 429) },
    },
  }, async (request, reply) => reply.code(202).send(await requestClaimCode(ctx, request.params.reference, request.body.email)));

  app.post('/api/public/recalls/:reference/claims/code/confirm', {
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'Confirm the one-time code; the answer is the proof a claim for your offer sends',
      description: `A code works once, within its minutes, with at most ${CLAIM_CODE_ATTEMPTS} tries; any failure is the same 422.`,
      security: [],
      params: Reference,
      body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }), code: Type.String({ pattern: '^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ proof: Type.String(), expires_at: Type.String({ format: 'date-time' }) }), ...problemResponses(400, 404, 409, 422, 429) },
    },
  }, async (request) => confirmClaimCode(ctx, request.params.reference, request.body.email, request.body.code));

  app.get('/api/public/claims', {
    config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: "A claim's status, opened by the signed link the claimant got",
      security: [],
      querystring: Type.Object({ token: Type.String({ minLength: 10, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: ClaimView, ...problemResponses(400, 403, 404, 429) },
    },
  }, async (request) => {
    const verified = verifyToken(ctx.signingKey, request.query.token, CLAIM_TOKEN_PURPOSE, ctx.clock.now());
    if (!verified.ok) throw new AppError('forbidden', verified.reason === 'expired' ? 'this link has expired' : 'this link is not valid', `link.${verified.reason}`);
    return claimView(ctx.db, Number(verified.payload.subject));
  });

  app.get('/api/recalls/:id/claims', {
    config: { access: { permission: 'recalls:read' } },
    schema: {
      tags: ['recalls'],
      summary: "A recall's claims, newest first",
      params: IdParams,
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('review'), Type.Literal('rejected')])), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Row), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = await listClaims(ctx.db, request.params.id, { status: request.query.status, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 });
    // Voucher codes are the customers' money: without comms:read-secrets they come masked (decision 018).
    return principalOf(request).permissions.has('comms:read-secrets') ? page : { ...page, items: maskSecretsDeep(page.items) };
  });

  app.post('/api/recalls/:id/payouts', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Export every approved refund not yet exported as a new payout batch (CSV for the bank transfer)',
      params: IdParams,
      produces: ['text/csv'],
      response: { 200: Type.String(), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    mayExportCsv(request);
    const batch = await createPayoutBatch(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="recall-${request.params.id}-payouts-${batch.id}.csv"`)
      .header('x-payout-batch', String(batch.id))
      .header('cache-control', 'no-store')
      .send(batch.csv);
  });

  app.get('/api/recalls/:id/payouts', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'Payout batches of a recall', params: IdParams, response: { 200: Type.Array(Row), ...problemResponses(400, 401, 403) } },
  }, async (request) => listPayoutBatches(ctx.db, request.params.id));

  app.get('/api/recalls/:id/payouts/:batchId', {
    // Bank details: only those who may make payouts download them again.
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Download a payout batch again (CSV)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), batchId: Type.Integer({ minimum: 1 }) }),
      produces: ['text/csv'],
      response: { 200: Type.String(), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    mayExportCsv(request);
    const csv = await payoutBatchCsv(ctx.db, request.params.id, request.params.batchId);
    await authorizeCsvExport(ctx.db, request, { entity: 'recall_payout_batch', entityId: request.params.batchId, rows: csv.trimEnd().split('\n').length - 1, details: { recall: request.params.id } });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="recall-${request.params.id}-payouts-${request.params.batchId}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
};
