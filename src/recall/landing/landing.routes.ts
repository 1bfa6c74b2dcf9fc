import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normalizeGtin } from '../../data/gs1/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { answerQuestion } from './assistant.ts';
import { handOverToPerson } from './handover.ts';
import { checkLot, LotCheckAnswerSchema } from './lot-check.ts';
import { publicRecall } from './public-recall.ts';

const Lang = Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Literal('uk'), Type.Literal('sv')]));
const open = { access: { public: true as const }, rateLimit: { max: 120, timeWindow: '1 minute' } };

/**
 * The public side of a recall: the landing page's data, "check your product", and the GS1
 * Digital Link resolver, so a pack's QR code opens its lot's status (R6).
 */
export const landingRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/public/recalls/:reference', {
    config: open,
    schema: {
      tags: ['public'],
      summary: "A recall as consumers see it, in their language",
      security: [],
      params: Type.Object({ reference: Type.String({ pattern: '^RC-\\d{4}-\\d{4,}$' }) }),
      querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(400, 404, 429) },
    },
  }, async (request) => publicRecall(ctx.db, request.params.reference, request.query.lang ?? 'en'));

  app.get('/api/public/check', {
    config: open,
    schema: {
      tags: ['public'],
      summary: 'Check your product: is this lot recalled?',
      description: 'code: what the person typed or scanned — the lot as printed, a GTIN, a DataMatrix or GS1-128 string, a Digital Link. '
        + 'gtin and lot: the product and lot when the page already knows them or a second field asked for them. '
        + 'recall: the recall page the check is made on. The answer is recalled, not_recalled (a known lot), not_found (never "safe"), '
        + 'unknown_product, or need_lot / need_gtin when one more field is needed.',
      security: [],
      querystring: Type.Object({
        code: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        gtin: Type.Optional(Type.String({ minLength: 8, maxLength: 20 })),
        lot: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        serial: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        recall: Type.Optional(Type.String({ pattern: '^RC-\\d{4}-\\d{4,}$' })),
        lang: Lang,
      }, { additionalProperties: false }),
      response: { 200: LotCheckAnswerSchema, ...problemResponses(400, 404, 429) },
    },
  }, async (request) => checkLot(ctx.db, ctx.clock, { ...request.query, lang: request.query.lang ?? 'en' }));

  const Reference = Type.Object({ reference: Type.String({ pattern: '^RC-\\d{4}-\\d{4,}$' }) });
  app.post('/api/public/recalls/:reference/ask', {
    config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: "Ask the recall page's assistant; it answers from the recall's facts and FAQ, or offers a person",
      security: [],
      params: Reference,
      body: Type.Object({ question: Type.String({ minLength: 2, maxLength: 500 }), lang: Lang }, { additionalProperties: false }),
      response: { 200: Type.Object({ answered: Type.Boolean(), answer: Type.Optional(Type.String()), matched: Type.Optional(Type.String()), offer_person: Type.Optional(Type.Boolean()) }), ...problemResponses(400, 404, 429) },
    },
  }, async (request) => answerQuestion(ctx.db, request.params.reference, request.body.lang ?? 'en', request.body.question));

  app.post('/api/public/recalls/:reference/handover', {
    config: { access: { public: true }, rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'Hand the conversation over to a person: opens a complaint case carrying it',
      security: [],
      params: Reference,
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{6,20}$' })),
        lang: Lang,
        conversation: Type.Array(Type.Object({ from: Type.Union([Type.Literal('visitor'), Type.Literal('assistant')]), text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ case_id: Type.Integer() }), ...problemResponses(400, 404, 429) },
    },
  }, async (request, reply) => {
    if (!request.body.email && !request.body.phone) {
      throw new AppError('invalid', 'leave an e-mail address or a phone number so we can answer', 'recall.no_contact', { errors: [{ field: 'body.email', message: 'e-mail or phone is required' }] });
    }
    const { lang, ...rest } = request.body;
    return reply.code(201).send(await handOverToPerson(ctx, request.params.reference, { ...rest, language: lang ?? 'en' }));
  });

  // GS1 Digital Link: https://<this host>/01/<GTIN>[/10/<lot>[/21/<serial>]] opens the check page,
  // which asks /api/public/check — so a link's unknown lot gets "we could not find this lot", never "safe",
  // and a link without a lot asks for it.
  const resolve = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { gtin: string; lot?: string; serial?: string };
    const gtin = normalizeGtin(params.gtin) ?? params.gtin;
    const lang = (request.query as { lang?: string }).lang;
    const query = new URLSearchParams({ gtin, ...(params.lot ? { lot: params.lot } : {}), ...(params.serial ? { serial: params.serial } : {}), ...(lang && /^(en|ru|uk|sv)$/.test(lang) ? { lang } : {}) });
    return reply.redirect(`/p/check?${query}`, 302);
  };
  app.get('/01/:gtin', { schema: { hide: true } }, resolve);
  app.get('/01/:gtin/10/:lot', { schema: { hide: true } }, resolve);
  app.get('/01/:gtin/10/:lot/21/:serial', { schema: { hide: true } }, resolve);
};
