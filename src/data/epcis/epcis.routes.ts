import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { importEpcisText } from './import-epcis.ts';

/** JSON-LD and XML: the two EPCIS 2.0 bindings. The document is read whole, as the CLI reads a file. */
const EPCIS_TYPES = ['application/ld+json', 'application/json', 'application/xml', 'text/xml'];
const EPCIS_BODY_LIMIT = 50 * 1024 * 1024;

const ImportReport = {
  ok: Type.Boolean(),
  document: Type.String(),
  eventsRead: Type.Integer(),
  eventsImported: Type.Integer(),
  duplicatesSkipped: Type.Integer(),
  errorDeclarationsApplied: Type.Integer(),
  movements: Type.Integer(),
  productsCreated: Type.Integer(),
  lotsCreated: Type.Integer(),
  locationsCreated: Type.Integer(),
  documentError: Type.Optional(Type.String()),
  rejected: Type.Array(Type.Object({ eventIndex: Type.Integer(), eventId: Type.Optional(Type.String()), reason: Type.String() })),
  warnings: Type.Array(Type.Object({ eventIndex: Type.Integer(), eventId: Type.String(), message: Type.String() })),
};

const ImportProblem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), instance: Type.String(), ...ImportReport },
  { description: 'RFC 9457 problem with the import report' },
);

export const epcisImportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  // Encapsulated in this plugin: the JSON parser of the rest of the API is left as it is.
  app.addContentTypeParser(EPCIS_TYPES, { parseAs: 'string', bodyLimit: EPCIS_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post('/api/imports/epcis', {
    config: { access: { permission: 'data:write' } },
    bodyLimit: EPCIS_BODY_LIMIT,
    schema: {
      tags: ['data hub'],
      summary: 'Import a GS1 EPCIS 2.0 document, JSON-LD (application/ld+json) or XML (application/xml)',
      description: 'Events into lots, locations and movements. All-or-nothing unless skipInvalid=true; every rejected event is named with its reason.',
      querystring: Type.Object({ skipInvalid: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      consumes: EPCIS_TYPES,
      response: { 200: Type.Object(ImportReport), 422: ImportProblem, ...problemResponses(400, 401, 403, 415) },
    },
  }, async (request, reply) => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!EPCIS_TYPES.includes(contentType) || typeof request.body !== 'string') {
      throw new AppError('invalid', `send application/ld+json or application/xml, not ${contentType || 'no content type'}`, 'import.format');
    }
    const result = await importEpcisText(ctx.db, request.body, `api:${request.id}`, actorOf(principalOf(request)), { skipInvalid: request.query.skipInvalid });
    if (result.ok) return result;
    return reply
      .code(422)
      .type('application/problem+json')
      .send({
        type: '/problems/import.epcis_rejected',
        title: 'Unprocessable Content',
        status: 422,
        detail: result.documentError ?? `${result.rejected.length} of ${result.eventsRead} events are invalid; nothing was imported`,
        instance: request.url,
        ...result,
      });
  });
};
