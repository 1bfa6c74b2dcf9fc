import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../http/context.ts';
import '../http/route-config.ts';
import { forbidden, unauthorized } from '../errors/app-error.ts';
import { principalFromToken } from './api-tokens.ts';
import type { Principal } from './principal.ts';
import { principalFromSession, SESSION_COOKIE } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The caller of an authenticated route (the access hook guarantees it is there). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? principalFromToken(ctx.db, ctx.clock, match[1]!) : undefined;
  }
  const session = request.cookies[SESSION_COOKIE];
  return session ? principalFromSession(ctx.db, ctx.clock, session) : undefined;
}

export const authPlugin = fp(async (app: FastifyInstance, ctx: AppContext) => {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no access rule (config.access)`);
  });

  // onRequest, before the body is parsed and validated: a stranger gets 401, not a
  // description of what a valid request would look like.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    request.principal = await authenticate(ctx, request);
    if (!request.principal) throw unauthorized();
    if ('permission' in access && !request.principal.permissions.has(access.permission)) {
      throw forbidden(`This needs the permission "${access.permission}", which your role or token does not have`);
    }
  });
});
