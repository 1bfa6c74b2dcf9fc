import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, STATUS_BY_KIND } from '../errors/app-error.ts';
import { dateFormatMessage } from './input-guard.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function sendProblem(reply: FastifyReply, status: number, detail: string, extensions: Record<string, unknown> = {}, code?: string): FastifyReply {
  const problem: Problem = {
    type: code ? `/problems/${code}` : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: reply.request.url,
    ...extensions,
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

/**
 * How a person-facing route answers a failure with a page (person-pages.ts); injected so
 * this file stays the plain problem+json layer.
 */
export type PersonPageAnswer = (request: FastifyRequest, reply: FastifyReply, problem: 'incomplete' | 'not_found') => Promise<FastifyReply>;

/**
 * Every error leaves as application/problem+json (RFC 9457). Bad input is always a 4xx
 * with what was wrong; only a real fault is a 500, and its message stays in the log.
 * The exception is a person: a broken link to a person-facing route (config.personPage) or
 * to an address outside /api is answered by `answerPerson` with a page in their language.
 */
export function registerProblemHandlers(app: FastifyInstance, answerPerson?: PersonPageAnswer): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    // A person who followed a link cut short (a token missing or too short) gets a page, not a schema report.
    if (answerPerson && 'validation' in error && error.validation && request.routeOptions.config?.personPage) return answerPerson(request, reply, 'incomplete');
    if (error instanceof AppError) {
      return sendProblem(reply, STATUS_BY_KIND[error.kind], error.message, error.extensions, error.code);
    }
    if (error.validation) {
      const errors = error.validation.map((v) => ({
        field: fieldOf(error.validationContext, v.instancePath, v.params),
        message: (v.keyword === 'format' && typeof v.params.format === 'string' ? dateFormatMessage(v.params.format) : undefined) ?? v.message ?? 'is invalid',
      }));
      return sendProblem(reply, 400, `The ${error.validationContext ?? 'request'} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors }, 'validation');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, status, error.message, {}, status === 429 ? 'rate_limited' : undefined);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'Something went wrong on our side; it has been logged.');
  });
  app.setNotFoundHandler((request, reply) => {
    // Addresses outside /api (and the web app's files) are opened by people: a mistyped or truncated link gets a page.
    if (answerPerson && request.method === 'GET' && !/^\/(api|ui)\//.test(request.url)) return answerPerson(request, reply, 'not_found');
    return sendProblem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}`);
  });
}

function fieldOf(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const leaf = [path, missing ?? extra].filter(Boolean).join('.');
  return `${context ?? 'body'}${leaf ? `.${leaf}` : ''}`;
}
