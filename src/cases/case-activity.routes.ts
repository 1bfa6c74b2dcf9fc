import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../platform/http/context.ts';
import { problemResponses } from '../platform/http/schemas.ts';
import { addComment, listComments } from './case-comments.ts';
import { getCase } from './case-detail.ts';
import { addLinks, listLinks, removeLink } from './case-links.ts';
import { CaseIdParams, CommentSchema, LinkBody, LinkSchema } from './case.schemas.ts';
import { changeBy, READ, TAGS, WRITE } from './route-helpers.ts';

/** Links and internal comments of a case. */
export const caseActivityRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/cases/:id/links', {
    config: READ,
    schema: { tags: TAGS, summary: 'What the case is about: customers, orders, products, lots, recalls, shipments', params: CaseIdParams, response: { 200: Type.Array(LinkSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    await getCase(ctx.db, request.params.id);
    return listLinks(ctx.db, request.params.id);
  });

  app.post('/api/cases/:id/links', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Link the case to records; a link it already has is kept once',
      params: CaseIdParams,
      body: Type.Object({ links: Type.Array(LinkBody, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
      response: { 201: Type.Array(LinkSchema), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await addLinks(ctx.db, request.params.id, request.body.links, changeBy(ctx, request))));

  app.delete('/api/cases/:id/links/:linkId', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Remove a link',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), linkId: Type.Integer({ minimum: 1 }) }),
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeLink(ctx.db, request.params.id, request.params.linkId, changeBy(ctx, request));
    return reply.code(204).send(null);
  });

  app.get('/api/cases/:id/comments', {
    config: READ,
    schema: { tags: TAGS, summary: 'Internal comments, oldest first', params: CaseIdParams, response: { 200: Type.Array(CommentSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    await getCase(ctx.db, request.params.id);
    return listComments(ctx.db, request.params.id);
  });

  app.post('/api/cases/:id/comments', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Add an internal comment; @e-mail mentions notify those users',
      description: 'Mention a colleague as @anna@example.com. A mention of an address that is no active user is refused (400) so that nobody believes a message reached someone. Notifications appear in the console (GET /api/case-notifications); e-mail delivery will come from the communications module.',
      params: CaseIdParams,
      body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
      response: { 201: CommentSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await addComment(ctx.db, ctx, request.params.id, request.body.body, changeBy(ctx, request))));
};
