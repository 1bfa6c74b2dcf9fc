import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { normalizeGtin } from '../../data/gs1/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { fsma204Csv, fsma204Rows, fsma204Xlsx, missingSummary, type Fsma204Selection } from './fsma204.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });

/** R12: the FSMA 204 sortable spreadsheet for a lot, or for a product over a period. */
export const fsma204Routes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/traceability/fsma204', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['recalls'],
      summary: 'FSMA 204 key data elements per critical tracking event (receiving, shipping, transformation) for a lot, or a product and date range: JSON, CSV or XLSX, with the required elements the data lacks',
      querystring: Type.Object({
        lot: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'traceability lot code' })),
        gtin: Type.Optional(Type.String({ minLength: 8, maxLength: 14 })),
        from: Type.Optional(Day),
        to: Type.Optional(Day),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')])),
      }, { additionalProperties: false }),
      produces: ['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: Type.Unknown(), ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const q = request.query;
    const selection: Fsma204Selection = { lot: q.lot?.trim() || undefined, from: q.from, to: q.to };
    if (q.gtin !== undefined) {
      const gtin = normalizeGtin(q.gtin);
      if (!gtin) throw new AppError('invalid', `"${q.gtin}" is not a GTIN`, 'traceability.bad_gtin', { errors: [{ field: 'querystring.gtin', message: 'wrong length or check digit' }] });
      selection.gtin = gtin;
    }
    if (!selection.lot && !(selection.gtin && selection.from && selection.to)) {
      throw new AppError('invalid', 'give a lot, or a product (gtin) with a date range (from, to)', 'traceability.no_selection', { errors: [{ field: 'querystring.lot', message: 'a lot, or gtin with from and to, is required' }] });
    }
    if (selection.from && selection.to && selection.from > selection.to) {
      throw new AppError('invalid', `from ${selection.from} is after to ${selection.to}`, 'traceability.bad_range', { errors: [{ field: 'querystring.to', message: 'before from' }] });
    }
    const rows = await fsma204Rows(ctx.db, selection);
    const name = `fsma204-${(selection.lot ?? `${selection.gtin}-${selection.from}-${selection.to}`).replace(/[^A-Za-z0-9._-]/g, '_')}`;
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(fsma204Csv(rows));
    if (q.format === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(fsma204Xlsx(rows, selection, ctx.clock.now()));
    }
    return { selection, rows, missing: missingSummary(rows) };
  });
};
