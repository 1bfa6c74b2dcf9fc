import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../http/context.ts';
import '../http/route-config.ts';
import { AppError, forbidden, unauthorized } from '../errors/app-error.ts';
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
  if (!session) return undefined;
  if (crossSiteWrite(ctx, request)) throw new AppError('forbidden', 'This request came from another site; changes are accepted only from the console itself', 'auth.cross_site_request');
  return principalFromSession(ctx.db, ctx.clock, session);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The browser sends the session cookie with a form or fetch from any site (SameSite=Lax
 * still lets a top-level POST through in some browsers, and a same-site sub-domain is not
 * stopped at all), so a write authenticated by the cookie must come from the console's own
 * origin. Browsers say where a request comes from in `Sec-Fetch-Site` (all current ones)
 * or `Origin`; a client that sends neither is not a browser acting for someone.
 */
function crossSiteWrite(ctx: AppContext, request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const own = [`${request.protocol}://${request.headers.host ?? ''}`];
  if (ctx.config.PUBLIC_URL) own.push(new URL(ctx.config.PUBLIC_URL).origin);
  return !own.includes(origin);
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
