import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppContext } from '../http/context.ts';
import { problemResponses } from '../http/schemas.ts';
import { principalOf } from './auth.plugin.ts';
import { clearLoginFailures, loginWaitSeconds, recordLoginFailure } from './login-backoff.ts';
import { verifyPassword } from './passwords.ts';
import { permissionsOf } from './permissions.ts';
import { createSession, endSession, SESSION_COOKIE } from './sessions.ts';
import { findUserForLogin } from './users.ts';

const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('token')]),
  id: Type.Integer(),
  name: Type.String(),
  email: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.String())),
  permissions: Type.Array(Type.String()),
});

export const authRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post(
    '/api/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: ctx.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in to the console (sets an HttpOnly session cookie)',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: Me, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const wait = await loginWaitSeconds(ctx.db, ctx.clock, request.body.email);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('rate_limited', `Too many wrong passwords for this account: try again in ${wait} s`, 'auth.account_backoff', { retryAfterSeconds: wait });
      }
      const user = await findUserForLogin(ctx.db, request.body.email);
      const ok = await verifyPassword(user?.password_hash, request.body.password);
      if (!user || !ok) {
        await recordLoginFailure(ctx.db, ctx.clock, request.body.email);
        // Never the address itself in the log (issue 18.6): its domain tells an operator enough to spot a spray.
        request.log.warn({ emailDomain: request.body.email.split('@')[1] ?? null, knownUser: !!user }, 'failed login');
        throw new AppError('unauthorized', 'Wrong e-mail or password', 'auth.bad_credentials');
      }
      await clearLoginFailures(ctx.db, request.body.email);
      const session = await createSession(ctx.db, ctx.clock, user.id, ctx.config.SESSION_TTL_HOURS);
      await recordAudit(ctx.db, { kind: 'user', id: String(user.id), label: user.email }, { action: 'login', entity: 'session', entityId: user.id });
      reply.setCookie(SESSION_COOKIE, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.COOKIE_SECURE || (ctx.config.PUBLIC_URL ?? '').startsWith('https://'),
        expires: session.expiresAt,
      });
      return { kind: 'user' as const, id: user.id, name: user.name, email: user.email, roles: user.roles, permissions: [...permissionsOf(user.roles)] };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: { public: true } }, schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) await endSession(ctx.db, session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: { authenticated: true } }, schema: { tags: ['auth'], summary: 'Who am I, and what may I do', response: { 200: Me, ...problemResponses(401) } } },
    async (request) => {
      const principal = principalOf(request);
      const permissions = [...principal.permissions];
      return principal.kind === 'user'
        ? { kind: 'user' as const, id: principal.userId, name: principal.name, email: principal.email, roles: principal.roles, permissions }
        : { kind: 'token' as const, id: principal.tokenId, name: principal.name, permissions };
    },
  );
};
