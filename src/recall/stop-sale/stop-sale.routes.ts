import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { loadActiveBlocks } from './block-list.sql.ts';
import { readScannedUnit } from './scan-code.ts';
import { stopSaleIndexOf } from './stop-sale-sync.ts';
import { csvLine } from '../../platform/csv/csv-cell.ts';

const RecallRef = Type.Object({ recall_id: Type.Integer(), reference: Type.String(), classification: Type.String(), reason: Type.String() });

export const stopSaleRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/stop-sale/check', {
    config: { access: { permission: 'stop-sale:check' } },
    // Tills ask thousands of times a second: at the default level (info) two log lines per
    // check would cost more than the answer; warnings and errors are still logged, and
    // LOG_LEVEL=debug or trace logs every check again.
    logLevel: ctx.config.LOG_LEVEL === 'info' ? 'warn' : ctx.config.LOG_LEVEL,
    schema: {
      tags: ['stop-sale'],
      summary: 'Is this unit blocked? For tills and web shops, answered from memory',
      description: 'code: a scanned GS1 element string (DataMatrix, GS-separated or bracketed), a GS1 Digital Link URI, an EPC URI or a bare GTIN; or gtin with lot and/or serial. status check_lot: the product has recalled lots and the scan carried no lot.',
      querystring: Type.Object({
        code: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        gtin: Type.Optional(Type.String({ minLength: 8, maxLength: 14 })),
        lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        serial: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          status: Type.Union([Type.Literal('blocked'), Type.Literal('check_lot'), Type.Literal('clear')]),
          blocked: Type.Boolean(),
          gtin: Type.String(),
          lot: Type.Union([Type.String(), Type.Null()]),
          serial: Type.Union([Type.String(), Type.Null()]),
          recall: Type.Optional(RecallRef),
          list_version: Type.Integer(),
        }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request) => {
    const unit = readScannedUnit(request.query);
    const index = stopSaleIndexOf(ctx);
    return { ...index.check(unit.gtin, unit.lot, unit.serial), ...unit, list_version: index.version };
  });

  app.get('/api/stop-sale/list', {
    config: { access: { permission: 'stop-sale:check' } },
    schema: {
      tags: ['stop-sale'],
      summary: 'The whole block list, to download (JSON, or CSV with ?format=csv)',
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const { version, blocks } = await loadActiveBlocks(ctx.db);
    if (request.query.format === 'csv') {
      // Lot codes and serials come from suppliers' files: defused like any text for a spreadsheet.
      const lines = ['gtin,lot,serial,recall_reference,classification,blocked_at', ...blocks.map((b) => csvLine([b.gtin, b.lot_code, b.serial, b.reference, b.classification, b.blocked_at]))];
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="stop-sale-v${version}.csv"`).send(`${lines.join('\n')}\n`);
    }
    return { version, blocks };
  });
};
