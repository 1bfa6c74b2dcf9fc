import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { choosePublicLanguage } from './accept-language.ts';
import { faviconRoutes } from './favicon.ts';

import { WEB_DIST } from '../paths.ts';

export { WEB_DIST };

// The shells load only their own bundles; ECharts sets inline styles, hence 'unsafe-inline' for styles.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

async function sendShell(reply: FastifyReply, file: string, transform: (html: string) => string = (html) => html): Promise<FastifyReply> {
  let html: string;
  try {
    html = await readFile(`${WEB_DIST}${file}`, 'utf8');
  } catch {
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The web app is not built yet. Run `npm run build:web` (npm start does it for you) and reload.');
  }
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(transform(html));
}

/**
 * The browser side of Rebound from the same server: the operator console at /console
 * (a single-page app: every path below it gets the shell) and the public pages under /p/,
 * whose shell arrives already in the visitor's language (?lang= or Accept-Language), so the
 * first paint and <html lang> are right. Hashed assets are cached for a year.
 */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  // Registered even before the first build: files are looked up per request.
  await app.register(fastifyStatic, { root: `${WEB_DIST}assets`, prefix: '/ui/assets/', index: false, wildcard: true, immutable: true, maxAge: '365d' });

  await app.register(faviconRoutes);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console'));

  const consoleShell = async (_request: unknown, reply: FastifyReply) => sendShell(reply, 'console.html');
  app.get('/console', { schema: { hide: true } }, consoleShell);
  app.get('/console/*', { schema: { hide: true } }, consoleShell);

  const publicShell = async (request: { query: unknown; headers: Record<string, string | string[] | undefined> }, reply: FastifyReply) => {
    const query = request.query as { lang?: unknown };
    const accept = request.headers['accept-language'];
    const { lang } = choosePublicLanguage(typeof query.lang === 'string' ? query.lang : undefined, Array.isArray(accept) ? accept.join(',') : accept);
    reply.header('vary', 'Accept-Language').header('content-language', lang).header('x-frame-options', 'DENY');
    return sendShell(reply, 'public.html', (html) => html.replace('<html lang="en">', `<html lang="${lang}" data-lang-source="server">`));
  };
  app.get('/p', { schema: { hide: true } }, publicShell);
  app.get('/p/*', { schema: { hide: true } }, publicShell);
}
