import type { FastifyRequest } from 'fastify';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import type { AppContext } from '../platform/http/context.ts';
import type { Change } from './case-model.ts';

/** Who is changing something, and when by the app's clock. */
export const changeBy = (ctx: AppContext, request: FastifyRequest): Change => ({ actor: actorOf(principalOf(request)), at: ctx.clock.now() });

export const READ = { access: { permission: 'cases:read' as const } };
export const WRITE = { access: { permission: 'cases:write' as const } };
export const TAGS = ['cases'];
