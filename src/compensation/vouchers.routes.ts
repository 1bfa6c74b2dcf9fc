import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { findVoucher, redeemVoucher } from './vouchers.ts';

const Voucher = Type.Object({
  code: Type.String(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('redeemed'), Type.Literal('expired'), Type.Literal('cancelled')]),
  value_minor: Type.Integer(),
  currency: Type.String(),
  expires_at: Timestamp,
  redeemed_at: Nullable(Timestamp),
  redeemed_location: Nullable(Type.String()),
  recall_reference: Nullable(Type.String()),
  purpose: Nullable(Type.String({ description: 'what the voucher was issued for, e.g. complaint:CS-2026-0042; null for a recall\'s' })),
});
const access = { access: { permission: 'vouchers:redeem' as const } };

export const voucherRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/vouchers/:code', {
    config: access,
    schema: { tags: ['vouchers'], summary: 'A voucher as a shop sees it: value, status, expiry', params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }), response: { 200: Voucher, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => findVoucher(ctx.db, ctx.clock, request.params.code));

  app.post('/api/vouchers/redeem', {
    config: access,
    schema: {
      tags: ['vouchers'],
      summary: 'Redeem a voucher once; repeat with the same Idempotency-Key to get the same answer',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }),
      body: Type.Object({
        code: Type.String({ minLength: 1, maxLength: 40 }),
        location: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "the store's external id or GLN" })),
        reference: Type.Optional(Type.String({ maxLength: 200, description: 'receipt or order number' })),
      }, { additionalProperties: false }),
      response: { 200: Voucher, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const idempotencyKey = request.headers['idempotency-key'];
    if (!idempotencyKey) throw new AppError('invalid', 'send an Idempotency-Key header so a retry cannot redeem twice', 'voucher.no_idempotency_key', { errors: [{ field: 'headers.idempotency-key', message: 'is required' }] });
    const { voucher, replayed } = await redeemVoucher(ctx.db, ctx.clock, actorOf(principalOf(request)), { ...request.body, idempotencyKey });
    if (replayed) reply.header('idempotent-replayed', 'true');
    return voucher;
  });
};
