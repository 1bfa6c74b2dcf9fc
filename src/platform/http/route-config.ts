import type { Permission } from '../auth/permissions.ts';

/**
 * Every /api route declares either the permission it needs or that it is public; a route
 * that declares neither makes start-up fail (see auth.plugin.ts), so no route is left
 * open by accident.
 */
export type RouteAccess = { permission: Permission } | { public: true } | { authenticated: true };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
