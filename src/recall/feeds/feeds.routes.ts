import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { ingestOpenFdaReports } from './openfda-ingest.ts';

/** R14: regulator feeds as the start of a recall — reports in, matched drafts and review tasks out. */
export const feedRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/api/regulator-feeds/openfda', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Read openFDA food/drug/device enforcement reports (the API answer, an array, one report, or NDJSON); each new report that names a company product opens a draft recall and a review task, never an activation',
      querystring: Type.Object({ document: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'where the reports came from (file name or URL), kept with them' })) }, { additionalProperties: false }),
      consumes: ['application/json', 'application/x-ndjson', 'text/plain'],
      body: Type.Unknown(),
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(400, 401, 403, 415) },
    },
  }, async (request) => {
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
    if (!text.trim() || text === 'null') throw new AppError('invalid', 'no reports in the body', 'feeds.empty', { errors: [{ field: 'body', message: 'empty' }] });
    const summary = await ingestOpenFdaReports(ctx, actorOf(principalOf(request)), text, request.query.document ?? 'upload');
    if (summary.read > 0 && summary.skipped.length === summary.read) {
      throw new AppError('invalid', 'none of the entries is an enforcement report (each needs a product_description)', 'feeds.no_reports', { errors: [{ field: 'body', message: 'no enforcement report' }] });
    }
    return summary as never;
  });
};
