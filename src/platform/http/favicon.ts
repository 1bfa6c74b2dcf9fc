import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The icon in the browser tab: the console's brand mark (a rounded square in the
 * blue-to-teal gradient with an "R"), as SVG so one small file serves every size.
 * Browsers that ask for /favicon.ico on their own get the same picture.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b82f6"/><stop offset="1" stop-color="#14b8a6"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#g)"/><text x="16" y="22.5" font-family="Arial,Helvetica,sans-serif" font-size="19" font-weight="800" fill="#fff" text-anchor="middle">R</text></svg>`;

export async function faviconRoutes(app: FastifyInstance): Promise<void> {
  const sendIcon = async (_request: unknown, reply: FastifyReply) =>
    reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(FAVICON_SVG);
  app.get('/favicon.svg', { schema: { hide: true } }, sendIcon);
  app.get('/favicon.ico', { schema: { hide: true } }, sendIcon);
}
