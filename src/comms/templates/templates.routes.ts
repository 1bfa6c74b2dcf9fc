import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { Nullable, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { LANGUAGES, type Language } from './languages.ts';
import { previewTemplate } from './preview.ts';
import { declareTemplateKey, getTemplateKey, listTemplateKeys } from './template-keys.sql.ts';
import { deleteTemplate, getTemplate, listTemplates, saveTemplate } from './templates.sql.ts';

const read = { access: { permission: 'comms:read' as const } };
const write = { access: { permission: 'comms:write' as const } };
const tags = ['communications'];

const LanguageSchema = Type.Union(LANGUAGES.map((l) => Type.Literal(l)));
const KeyParam = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' });
const Variables = Type.Record(Type.String(), Type.Object({ description: Type.String({ maxLength: 500 }), sample: Type.Optional(Type.Unknown()) }, { additionalProperties: false }));
const TemplateKeySchema = Type.Object({ key: Type.String(), description: Type.String(), variables: Variables });
const Texts = {
  email_subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  email_html: Type.Optional(Nullable(Type.String({ maxLength: 200_000 }))),
  email_text: Type.Optional(Nullable(Type.String({ maxLength: 100_000 }))),
  sms_text: Type.Optional(Nullable(Type.String({ maxLength: 1600 }))),
};
const TemplateSchema = Type.Object({
  key: Type.String(),
  language: LanguageSchema,
  email_subject: Nullable(Type.String()),
  email_html: Nullable(Type.String()),
  email_text: Nullable(Type.String()),
  sms_text: Nullable(Type.String()),
  version: Type.Integer(),
  updated_at: Timestamp,
  updated_by: Nullable(Type.String()),
});
const Rendered = Type.Object({ language: Type.String(), subject: Type.Optional(Type.String()), html: Type.Optional(Type.String()), text: Type.String() });

export const templatesRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/comms/template-keys', {
    config: read,
    schema: { tags, summary: 'Template keys and the variables each declares', response: { 200: Type.Array(TemplateKeySchema), ...problemResponses(401, 403) } },
  }, async () => listTemplateKeys(ctx.db));

  app.put('/api/comms/template-keys/:key', {
    config: write,
    schema: {
      tags,
      summary: 'Declare a template key and its variables (with samples for the preview)',
      params: Type.Object({ key: KeyParam }),
      body: Type.Object({ description: Type.String({ minLength: 1, maxLength: 500 }), variables: Variables }, { additionalProperties: false }),
      response: { 200: TemplateKeySchema, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    return ctx.db.transaction(async (tx) => {
      const saved = await declareTemplateKey(tx, { key: request.params.key, ...request.body });
      await recordAudit(tx, actor, { action: 'declare', entity: 'comms_template_key', entityId: saved.key, details: { variables: Object.keys(saved.variables) } });
      return saved;
    });
  });

  app.get('/api/comms/templates', {
    config: read,
    schema: {
      tags,
      summary: 'Templates, every language',
      querystring: Type.Object({ key: Type.Optional(KeyParam) }, { additionalProperties: false }),
      response: { 200: Type.Array(TemplateSchema), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => listTemplates(ctx.db, request.query.key) as never);

  app.get('/api/comms/templates/:key/:language', {
    config: read,
    schema: { tags, summary: 'One language of a template', params: Type.Object({ key: KeyParam, language: LanguageSchema }), response: { 200: TemplateSchema, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const template = await getTemplate(ctx.db, request.params.key, request.params.language as Language);
    if (!template) throw notFound(`template ${request.params.key} in ${request.params.language}`);
    return template as never;
  });

  app.put('/api/comms/templates/:key/:language', {
    config: write,
    schema: {
      tags,
      summary: 'Save one language of a template; a variable the key does not declare is refused by name (422)',
      params: Type.Object({ key: KeyParam, language: LanguageSchema }),
      body: Type.Object(Texts, { additionalProperties: false }),
      response: { 200: TemplateSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const { key, language } = request.params;
    return ctx.db.transaction(async (tx) => {
      const saved = await saveTemplate(tx, key, language as Language, request.body, actor.label);
      await recordAudit(tx, actor, { action: 'save', entity: 'comms_template', entityId: `${key}/${language}`, details: { version: saved.version } });
      return saved;
    }) as never;
  });

  app.delete('/api/comms/templates/:key/:language', {
    config: write,
    schema: { tags, summary: 'Delete one language of a template', params: Type.Object({ key: KeyParam, language: LanguageSchema }), response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const actor = actorOf(principalOf(request));
    const { key, language } = request.params;
    await ctx.db.transaction(async (tx) => {
      if (!(await deleteTemplate(tx, key, language as Language))) throw notFound(`template ${key} in ${language}`);
      await recordAudit(tx, actor, { action: 'delete', entity: 'comms_template', entityId: `${key}/${language}` });
    });
    return reply.code(204).send(null);
  });

  app.post('/api/comms/templates/:key/preview', {
    config: read,
    schema: {
      tags,
      summary: "Render a template for a customer (their language and name) or for the key's sample data",
      params: Type.Object({ key: KeyParam }),
      body: Type.Object({
        language: Type.Optional(LanguageSchema),
        customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
        variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        draft: Type.Optional(Type.Object(Texts, { additionalProperties: false, description: 'unsaved texts of this language, rendered instead of the stored ones' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ key: Type.String(), language: Type.String(), email: Type.Optional(Type.Composite([Rendered, Type.Object({ from: Type.String() })])), sms: Type.Optional(Rendered), problems: Type.Array(Type.String()) }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    if (!(await getTemplateKey(ctx.db, request.params.key))) throw notFound(`template key ${request.params.key}`);
    return previewTemplate(ctx.db, { key: request.params.key, language: request.body.language, customerId: request.body.customer_id, variables: request.body.variables, draft: request.body.draft }, ctx.config.SMTP_FROM);
  });
};
