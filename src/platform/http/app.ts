import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminRoutes } from '../auth/admin.routes.ts';
import { clockRoutes } from '../clock/clock.routes.ts';
import { authPlugin } from '../auth/auth.plugin.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { RuntimeModule } from '../modules/module.ts';
import { requestIdFrom, withRequestId } from '../log/request-context.ts';
import { countHttpLatency, metricsRoutes } from '../metrics/metrics.routes.ts';
import type { AppContext } from './context.ts';
import { terminalLogDestination, wantsTerminalLog } from '../log/terminal-log.ts';
import { redactedRequest } from '../log/redact-url.ts';
import { healthRoutes } from './health.routes.ts';
import { boundDateFormats, guardInput } from './input-guard.ts';
import { documentProblemResponses } from './openapi-problems.ts';
import { sendLinkProblem } from './person-pages.ts';
import { registerProblemHandlers } from './problem.ts';
import { DOCS_CSP, securityHeaders } from './security-headers.ts';
import { ProblemSchema } from './schemas.ts';
import { webRoutes } from './web.routes.ts';

export interface BuildAppOptions {
  /** Domain modules, whose routes are registered after the platform's. */
  modules?: readonly RuntimeModule[];
  logger?: boolean;
  /** Where the log goes instead of stdout (tests read what a request logged). */
  logStream?: { write(line: string): void };
}

/** TRUST_PROXY as Fastify takes it: a number of hops becomes "trust the nearest N". */
function trustedProxies(setting: false | number | string[] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting ?? false;
}

/**
 * The HTTP API. Route schemas validate every input and are also the source of the
 * OpenAPI 3.1 document at /openapi.json (rendered at /docs).
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.LOG_LEVEL,
            // Credentials never reach the log, whatever a serializer change might add later.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
            // Signed links carry their token in the address: the logged address does not.
            serializers: { req: redactedRequest },
            ...(options.logStream ? { stream: options.logStream } : wantsTerminalLog(ctx.config) ? { stream: terminalLogDestination() } : {}),
          },
    // A proxy's X-Request-Id is kept (when well-formed) so one id follows a request through the log.
    genReqId: (raw) => requestIdFrom(raw.headers['x-request-id']),
    // Off unless TRUST_PROXY names the proxies: a forged X-Forwarded-For must not pick the rate-limit key.
    trustProxy: trustedProxies(ctx.config.TRUST_PROXY),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: true }, onCreate: boundDateFormats },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The id stays with the request's async work, and the jobs it enqueues carry it (jobs.ts).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    withRequestId(request.id, done);
  });
  guardInput(app);

  registerProblemHandlers(app, (request, reply, problem) => sendLinkProblem(ctx, request, reply, problem));
  securityHeaders(app);
  app.addSchema(ProblemSchema);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rebound API', version: '0.1.0', description: 'Customer-crisis platform: data hub, processes, rules, communications.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer', description: 'API token (rbd_…) created under Settings → API tokens' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    // Shared schemas keep their own name in the document (#/components/schemas/Problem).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (document) => documentProblemResponses('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  await app.register(authPlugin, ctx);

  countHttpLatency(app);
  await app.register(healthRoutes, ctx);
  await app.register(metricsRoutes, ctx);
  await app.register(authRoutes, ctx);
  await app.register(adminRoutes, ctx);
  await app.register(clockRoutes, ctx);
  for (const module of options.modules ?? []) if (module.routes) await app.register(module.routes, ctx);
  await app.register(webRoutes);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
