import type { FastifyInstance } from 'fastify';

/** BPMN and DMN are deployed as their XML, posted as application/xml (or text/xml). */
export function acceptXmlBodies(app: FastifyInstance): void {
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));
}
