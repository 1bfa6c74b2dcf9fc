import type { FastifyInstance } from 'fastify';

/**
 * The policy of the server-rendered pages (surveys, unsubscribe, a broken link, the
 * regulator report, and any HTML a route sends without a policy of its own): they run no
 * script, style themselves inline, post only to themselves and are never framed
 * (clickjacking an unsubscribe or survey button).
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The API reference at /docs (Swagger UI): its own scripts and styles from /docs/static,
 * inline styles its React components set, the spec fetched from this server. Not framed.
 */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * Every response says `nosniff`, so an uploaded attachment or a JSON body is never run as
 * a script or page; every HTML response carries a Content-Security-Policy with
 * `frame-ancestors 'none'` — its own where the route set one (the web shells, /docs),
 * else PAGE_CSP. Registered on the root instance, so routes added later get it too.
 */
export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^text\/html\b/i.test(type) && !reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
    return payload;
  });
}
