import type { FastifyInstance } from 'fastify';

/** HTML forms post application/x-www-form-urlencoded; public pages in this plugin read them. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of params) {
      const existing = values[key];
      values[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    done(null, values);
  });
}
