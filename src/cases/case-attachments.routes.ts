import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../platform/http/context.ts';
import { problemResponses } from '../platform/http/schemas.ts';
import { contentDisposition, DOWNLOAD_SAFETY_HEADERS } from './attachment-safety.ts';
import { addAttachment, listAttachments, readAttachment, removeAttachment } from './case-attachments.ts';
import { attachmentTooLarge, readUpTo } from './attachment-upload.ts';
import { getCase } from './case-detail.ts';
import { AttachmentSchema, CaseIdParams } from './case.schemas.ts';
import { changeBy, READ, TAGS, WRITE } from './route-helpers.ts';

const AttachmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), attachmentId: Type.Integer({ minimum: 1 }) });

/** Files on a case: raw-body upload (the request's Content-Type is the file's), download, list, delete. */
export const caseAttachmentRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  // In this plugin only: every body stays a stream, whatever its type (a JSON file is a file here).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const maxBytes = ctx.config.CASE_ATTACHMENT_MAX_BYTES;

  app.post('/api/cases/:id/attachments', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Attach a file: send its bytes as the body, its type as Content-Type and its name as file_name',
      description: `At most ${maxBytes} bytes (CASE_ATTACHMENT_MAX_BYTES). Programs and scripts (.exe, .js, .sh…, or files that start like one) are refused with 422.`,
      params: CaseIdParams,
      querystring: Type.Object({ file_name: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false }),
      response: { 201: AttachmentSchema, ...problemResponses(400, 401, 403, 404, 413, 422) },
    },
  }, async (request, reply) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) return attachmentTooLarge(reply, maxBytes);
    await getCase(ctx.db, request.params.id);
    const content = await readUpTo(request.body as Readable | undefined, maxBytes);
    if (content === 'too_large') return attachmentTooLarge(reply, maxBytes);
    const attachment = await addAttachment(
      ctx.db,
      request.params.id,
      { fileName: request.query.file_name, contentType: request.headers['content-type'], content },
      changeBy(ctx, request),
    );
    return reply.code(201).send(attachment);
  });

  app.get('/api/cases/:id/attachments', {
    config: READ,
    schema: { tags: TAGS, summary: 'Files on the case (without their bytes)', params: CaseIdParams, response: { 200: Type.Array(AttachmentSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    await getCase(ctx.db, request.params.id);
    return listAttachments(ctx.db, request.params.id);
  });

  app.get('/api/cases/:id/attachments/:attachmentId', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'Download a file, with its content type and name; always as an attachment, never rendered in the page',
      params: AttachmentParams,
      produces: ['application/octet-stream'],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 304: Type.Null(), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const file = await readAttachment(ctx.db, request.params.id, request.params.attachmentId);
    // The hash lets a client check the bytes; ETag lets it skip downloading them twice.
    const etag = `"${file.sha256}"`;
    reply.headers({ ...DOWNLOAD_SAFETY_HEADERS, etag, 'content-disposition': contentDisposition(file.file_name), 'x-content-sha256': file.sha256 });
    if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
    return reply.type(file.content_type).send(file.content);
  });

  app.delete('/api/cases/:id/attachments/:attachmentId', {
    config: WRITE,
    schema: { tags: TAGS, summary: 'Remove a file from the case', params: AttachmentParams, response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await removeAttachment(ctx.db, request.params.id, request.params.attachmentId, changeBy(ctx, request));
    return reply.code(204).send(null);
  });
};
