import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addAttachmentWithin, attachmentTooLarge, listAttachments, readUpTo } from '../cases/index.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { problemResponses } from '../platform/http/schemas.ts';
import { signToken, verifyToken } from '../platform/links/signed-token.ts';

export const COMPLAINT_UPLOAD_PURPOSE = 'complaint-upload';
/** How long after sending the form its photos may follow. */
const UPLOAD_WINDOW_MS = 60 * 60_000;
/** What a customer may attach to one complaint from the public page. */
export const PUBLIC_UPLOAD_MAX_FILES = 5;
const PUBLIC_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const UPLOADER = 'customer (complaint page)';

/** The signed, expiring permission to attach files to the complaint just registered. */
export function complaintUploadToken(ctx: AppContext, caseId: number): { token: string; expiresAt: Date } {
  const expiresAt = new Date(ctx.clock.now().getTime() + UPLOAD_WINDOW_MS);
  return { token: signToken(ctx.signingKey, { purpose: COMPLAINT_UPLOAD_PURPOSE, subject: String(caseId) }, expiresAt), expiresAt };
}

/**
 * Photos and documents with a public complaint (C1): the page sends each file after the
 * form, with the token the registration answered. No account, so the token is the only
 * key: it names one case, expires within the hour, and allows a handful of files of a
 * bounded size; the case's own safety checks refuse programs and scripts.
 */
export const publicComplaintAttachmentRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const maxBytes = Math.min(ctx.config.CASE_ATTACHMENT_MAX_BYTES, PUBLIC_UPLOAD_MAX_BYTES);

  app.post('/api/public/complaints/attachments', {
    config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'Attach a photo or document to the complaint just sent from the public page (the body is the file)',
      description: `At most ${PUBLIC_UPLOAD_MAX_FILES} files of ${maxBytes} bytes each, within an hour of the complaint, with the upload_token its registration answered.`,
      security: [],
      querystring: Type.Object({
        t: Type.String({ minLength: 10, maxLength: 2000, description: 'upload_token from POST /api/public/complaints' }),
        file_name: Type.String({ minLength: 1, maxLength: 255 }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ file_name: Type.String(), size_bytes: Type.Integer(), files: Type.Integer() }), ...problemResponses(400, 401, 409, 413, 422, 429) },
    },
  }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, COMPLAINT_UPLOAD_PURPOSE, ctx.clock.now());
    if (!verified.ok) {
      throw new AppError('unauthorized', verified.reason === 'expired' ? 'the time to add files to this complaint has passed; reply to our e-mail with them instead' : 'this upload link is not valid', 'complaints.upload_token');
    }
    const caseId = Number(verified.payload.subject);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) return attachmentTooLarge(reply, maxBytes);
    const tooMany = { message: `a complaint takes at most ${PUBLIC_UPLOAD_MAX_FILES} files from the complaint page`, code: 'complaints.too_many_files' };
    // A quick refusal before the body is read; the count that decides is taken again under the case's lock as the file is stored.
    const already = (await listAttachments(ctx.db, caseId)).filter((a) => a.uploaded_by === UPLOADER).length;
    if (already >= PUBLIC_UPLOAD_MAX_FILES) throw new AppError('conflict', tooMany.message, tooMany.code);
    const content = await readUpTo(request.body as Readable | undefined, maxBytes);
    if (content === 'too_large') return attachmentTooLarge(reply, maxBytes);
    const saved = await addAttachmentWithin(ctx.db, caseId, { fileName: request.query.file_name, contentType: request.headers['content-type'], content },
      { actor: { kind: 'system', label: UPLOADER }, at: ctx.clock.now() }, { files: PUBLIC_UPLOAD_MAX_FILES, refusal: tooMany });
    return reply.code(201).send({ file_name: saved.attachment.file_name, size_bytes: Number(saved.attachment.size_bytes), files: saved.files });
  });
};
