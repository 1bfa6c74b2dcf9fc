import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { ENTITY_NAMES, importerFor } from './entities/index.ts';
import { importStream } from './import-file.ts';
import type { ImportFormat } from './readers.ts';

const FORMAT_BY_TYPE: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/json-lines': 'jsonl',
};

const ImportResult = Type.Object({
  entity: Type.String(),
  source: Type.String(),
  committed: Type.Boolean(),
  rowsRead: Type.Integer(),
  imported: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
  errorsTruncated: Type.Boolean(),
  durationMs: Type.Integer(),
});

const ImportProblem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  ...ImportResult.properties,
}, { description: 'RFC 9457 problem with the import report' });

export const importRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/imports', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['data hub'],
      summary: 'Importable entities with their columns (the console shows them on its import page)',
      response: {
        200: Type.Array(Type.Object({
          entity: Type.String(),
          description: Type.String(),
          columns: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean() })),
        })),
        ...problemResponses(401, 403),
      },
    },
  }, async () =>
    ENTITY_NAMES.map((name) => {
      const importer = importerFor(name)!;
      const columns = Object.entries(importer.fields).map(([column, spec]) => ({ name: column, required: Boolean((spec as { required?: boolean }).required) }));
      return { entity: name, description: importer.description, columns };
    }));

  // The body stays a stream: a 1 GB file flows through the parser in chunks instead of
  // being buffered (Fastify's body limit applies only to the parsers that buffer).
  app.addContentTypeParser(Object.keys(FORMAT_BY_TYPE), (_request, payload, done) => done(null, payload));

  app.post('/api/imports/:entity', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['data hub'],
      summary: 'Import a CSV (text/csv) or JSON Lines (application/x-ndjson) file into one entity',
      description: `Entities: ${ENTITY_NAMES.join(', ')}. All-or-nothing unless skipInvalid=true. Every error names the line and the field.`,
      params: Type.Object({ entity: Type.Union(ENTITY_NAMES.map((e) => Type.Literal(e))) }),
      querystring: Type.Object({ skipInvalid: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      consumes: Object.keys(FORMAT_BY_TYPE),
      response: { 200: ImportResult, 422: ImportProblem, ...problemResponses(400, 401, 403, 415) },
    },
  }, async (request, reply) => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const format = FORMAT_BY_TYPE[contentType];
    if (!format) throw new AppError('invalid', `send text/csv or application/x-ndjson, not ${contentType || 'no content type'}`, 'import.format');
    const importer = importerFor(request.params.entity)!;
    const result = await importStream(ctx.db, importer, request.body as Readable, format, {
      actor: actorOf(principalOf(request)),
      source: `api:${request.id}`,
      skipInvalid: request.query.skipInvalid,
    });
    if (!result.committed) {
      // The problem document carries the whole report: which lines, which fields, why.
      return reply
        .code(422)
        .type('application/problem+json')
        .send({
          type: '/problems/import.rows_rejected',
          title: 'Unprocessable Content',
          status: 422,
          detail: result.errors.length && result.rejected === 0
            ? 'The file header is wrong; nothing was imported'
            : `${result.rejected} of ${result.rowsRead} rows are invalid; nothing was imported`,
          instance: request.url,
          ...result,
        });
    }
    return result;
  });
};
