import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { getStatusPage, PAGE_LANGUAGES, postStatusUpdate, saveStatusPage, setPublished } from './status-page.ts';

const Faq = Type.Object({ question: Type.String({ minLength: 1, maxLength: 500 }), answer: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
const PerLanguage = <T extends TSchema>(schema: T) => Type.Object({ en: Type.Optional(schema), ru: Type.Optional(schema), uk: Type.Optional(schema), sv: Type.Optional(schema) }, { additionalProperties: false });
const Text = Type.Object({ public_title: Nullable(Type.String()), public_summary: Nullable(Type.String()), faq: Type.Array(Faq) });
const Update = Type.Object({ id: Type.Integer(), texts: PerLanguage(Type.String()), posted_at: Timestamp, posted_by: Type.String(), sent: Type.Integer() });
const Page = Type.Object({
  incident_id: Type.Integer(), reference: Type.String(), incident_status: Type.String(), slug: Type.String(), url: Type.String(),
  texts: PerLanguage(Text), published: Type.Boolean(), published_at: Nullable(Timestamp),
  updated_at: Timestamp, updated_by: Type.String(), regions: Type.Array(Type.String()), carriers: Type.Array(Type.String()), subscribers: Type.Integer(), updates: Type.Array(Update),
});
const access = { access: { permission: 'delivery:incidents' as const } };

/** Staff write an incident's public status page (issue 15.5, D2): its texts, publishing, updates. */
export const statusPageAdminRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/delivery/incidents/:id/status-page', {
    config: access,
    schema: { tags: ['delivery'], summary: "The incident's public status page as staff see it (created unpublished and empty the first time)", params: IdParams, response: { 200: Page, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => getStatusPage(ctx, request.params.id, actorOf(principalOf(request))) as never);

  app.put('/api/delivery/incidents/:id/status-page', {
    config: access,
    schema: {
      tags: ['delivery'],
      summary: 'Set what the public reads in one language (en, the fallback of every reader, by default): title, summary of what happened, FAQ (fields left out stay as they are). Never the internal title or notes.',
      params: IdParams,
      body: Type.Object({
        language: Type.Optional(Type.Union(PAGE_LANGUAGES.map((l) => Type.Literal(l)))),
        public_title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        public_summary: Type.Optional(Type.String({ minLength: 1, maxLength: 8000 })),
        faq: Type.Optional(Type.Array(Faq, { maxItems: 30 })),
      }, { additionalProperties: false }),
      response: { 200: Page, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => saveStatusPage(ctx, actorOf(principalOf(request)), request.params.id, { ...request.body, language: request.body.language ?? 'en' }) as never);

  app.post('/api/delivery/incidents/:id/status-page/publish', {
    config: access,
    schema: { tags: ['delivery'], summary: 'Publish the page at /status/<slug> (needs a public title and summary)', params: IdParams, response: { 200: Page, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (request) => setPublished(ctx, actorOf(principalOf(request)), request.params.id, true) as never);

  app.post('/api/delivery/incidents/:id/status-page/unpublish', {
    config: access,
    schema: { tags: ['delivery'], summary: 'Take the page down: /status/<slug> answers 404 again', params: IdParams, response: { 200: Page, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => setPublished(ctx, actorOf(principalOf(request)), request.params.id, false) as never);

  app.post('/api/delivery/incidents/:id/status-page/updates', {
    config: access,
    schema: {
      tags: ['delivery'],
      summary: 'Post a timed update on the published page, in English and any of ru, uk, sv; each confirmed subscriber is e-mailed it once in their language (else English), through the outbox (sent = e-mails queued)',
      params: IdParams,
      body: Type.Object({ texts: PerLanguage(Type.String({ minLength: 1, maxLength: 4000 })) }, { additionalProperties: false }),
      response: { 201: Update, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await postStatusUpdate(ctx, actorOf(principalOf(request)), request.params.id, request.body.texts) as never));
};
