import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { attachmentTooLarge, readUpTo } from '../../cases/attachment-upload.ts';

export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
/** The first bytes of each accepted image type: the body must be what its Content-Type says. */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};
const GtinParams = Type.Object({ gtin: Type.String({ pattern: '^[0-9]{14}$' }) });
const Picture = Type.Record(Type.String(), Type.Unknown());

async function productId(ctx: AppContext, gtin: string): Promise<number> {
  const [row] = await ctx.db.query<{ id: number }>('SELECT id::int AS id FROM products WHERE gtin = $1', [gtin]);
  if (!row) throw notFound('product');
  return row.id;
}

const shown = async (ctx: AppContext, id: number) => (await ctx.db.query(
  'SELECT url, file_name, content_type, size_bytes::int AS size_bytes, sha256, uploaded_by, updated_at FROM product_pictures WHERE product_id = $1', [id]))[0] ?? null;

/**
 * Issue 16.7: a product's picture for the GPSR notice's product identification — a published
 * URL, or an uploaded image (PNG, JPEG, WebP, GIF, kept in the database like case attachments).
 */
export const productPictureRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/products/:gtin/picture', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['recalls'], summary: "The product's picture as recorded (URL or uploaded file's details), or null", params: GtinParams, response: { 200: Type.Union([Picture, Type.Null()]), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => shown(ctx, await productId(ctx, request.params.gtin)) as never);

  app.put('/api/products/:gtin/picture', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['recalls'],
      summary: "Set the product's picture by the URL where it is published (replaces an uploaded one)",
      params: GtinParams,
      body: Type.Object({ url: Type.String({ pattern: '^https?://', maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: Picture, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const id = await productId(ctx, request.params.gtin);
    const actor = actorOf(principalOf(request));
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO product_pictures (product_id, url, uploaded_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_id) DO UPDATE SET url = $2, file_name = NULL, content_type = NULL, size_bytes = NULL, sha256 = NULL, content = NULL, uploaded_by = $3, updated_at = $4`,
        [id, request.body.url, actor.label, ctx.clock.now()]);
      await recordAudit(tx, actor, { action: 'update', entity: 'product_picture', entityId: request.params.gtin, details: { url: request.body.url } });
    });
    return shown(ctx, id) as never;
  });

  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<TypeBoxTypeProvider>();
    // Here only: the body is the image's bytes, whatever its type.
    plain.removeAllContentTypeParsers();
    plain.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    raw.post('/api/products/:gtin/picture/file', {
      config: { access: { permission: 'data:write' } },
      schema: {
        tags: ['recalls'],
        summary: "Upload the product's picture: the image's bytes as the body, its type (PNG, JPEG, WebP, GIF) as Content-Type",
        params: GtinParams,
        querystring: Type.Object({ file_name: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false }),
        response: { 200: Picture, ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    }, async (request, reply) => {
      const id = await productId(ctx, request.params.gtin);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!IMAGE_TYPES.includes(type)) throw new AppError('invalid', `a picture is one of ${IMAGE_TYPES.join(', ')}`, 'picture.type', { errors: [{ field: 'content-type', message: `one of ${IMAGE_TYPES.join(', ')}` }] });
      if (Number(request.headers['content-length'] ?? 0) > PICTURE_MAX_BYTES) return attachmentTooLarge(reply, PICTURE_MAX_BYTES);
      const content = await readUpTo(request.body as Readable | undefined, PICTURE_MAX_BYTES);
      if (content === 'too_large') return attachmentTooLarge(reply, PICTURE_MAX_BYTES);
      if (!content.length || !MAGIC[type]!(content)) throw new AppError('invalid', `the body is not a ${type} image`, 'picture.content', { errors: [{ field: 'body', message: `not a ${type} image` }] });
      const actor = actorOf(principalOf(request));
      const sha = createHash('sha256').update(content).digest('hex');
      await ctx.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO product_pictures (product_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (product_id) DO UPDATE SET url = NULL, file_name = $2, content_type = $3, size_bytes = $4, sha256 = $5, content = $6, uploaded_by = $7, updated_at = $8`,
          [id, request.query.file_name, type, content.length, sha, content, actor.label, ctx.clock.now()]);
        await recordAudit(tx, actor, { action: 'upload', entity: 'product_picture', entityId: request.params.gtin, details: { file_name: request.query.file_name, size_bytes: content.length, sha256: sha } });
      });
      return shown(ctx, id) as never;
    });
  });
};
