import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../http/context.ts';
import { DateTimeInput, IdParams, Nullable, Page, Paged, problemResponses, Timestamp } from '../http/schemas.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { principalOf } from './auth.plugin.ts';
import { PERMISSIONS, ROLES } from './permissions.ts';
import { actorOf } from './principal.ts';
import { createUser, listUsers, updateUser } from './users.ts';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const PermissionSchema = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));

const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  department: Nullable(Type.String()),
  language: Type.String(),
  created_at: Timestamp,
  disabled_at: Nullable(Timestamp),
});

const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token_prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  created_by: Nullable(Type.Integer({ description: 'The user the token belongs to: it never does more than this user may' })),
  created_by_token: Nullable(Type.Integer({ description: 'The token that created this one' })),
  created_via: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Literal('cli')]),
  created_at: Timestamp,
  expires_at: Nullable(Timestamp),
  last_used_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
});

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor_kind: Type.String(),
  actor_id: Nullable(Type.String()),
  actor_label: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** Users, roles, API tokens and the audit log: the settings screen's API. */
export const adminRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/users', {
    config: { access: { permission: 'users:manage' } },
    schema: { tags: ['settings'], summary: 'List users', response: { 200: Type.Array(UserSchema), ...problemResponses(401, 403) } },
  }, async () => listUsers(ctx.db));

  app.post('/api/users', {
    config: { access: { permission: 'users:manage' } },
    schema: {
      tags: ['settings'],
      summary: 'Create a user',
      body: Type.Object({
        email: Type.String({ format: 'email', maxLength: 254 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ minLength: 12, maxLength: 256 }),
        roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
        department: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
        language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Literal('uk'), Type.Literal('sv')])),
      }, { additionalProperties: false }),
      response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await createUser(ctx.db, actorOf(principalOf(request)), request.body)));

  app.patch('/api/users/:id', {
    config: { access: { permission: 'users:manage' } },
    schema: {
      tags: ['settings'],
      summary: 'Change a user (roles, name, department, password; disable or enable)',
      params: IdParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, uniqueItems: true })),
        department: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
        disabled: Type.Optional(Type.Boolean()),
        password: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => updateUser(ctx.db, actorOf(principalOf(request)), request.params.id, request.body, ctx.clock));

  app.get('/api/tokens', {
    config: { access: { permission: 'tokens:manage' } },
    schema: { tags: ['settings'], summary: 'List API tokens (never their secrets)', response: { 200: Type.Array(TokenSchema), ...problemResponses(401, 403) } },
  }, async () => listApiTokens(ctx.db));

  app.post('/api/tokens', {
    config: { access: { permission: 'tokens:manage' } },
    schema: {
      tags: ['settings'],
      summary: 'Create an API token; the secret is in this response only',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        scopes: Type.Array(PermissionSchema, { minItems: 1, uniqueItems: true }),
        expires_at: Type.Optional(DateTimeInput()),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ token: Type.String(), record: TokenSchema }), ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const created = await createApiToken(ctx.db, principal, actorOf(principal), {
      name: request.body.name,
      scopes: request.body.scopes,
      expiresAt: request.body.expires_at ? new Date(request.body.expires_at) : null,
    });
    return reply.code(201).send(created);
  });

  app.delete('/api/tokens/:id', {
    config: { access: { permission: 'tokens:manage' } },
    schema: { tags: ['settings'], summary: 'Revoke an API token (effective at once)', params: IdParams, response: { 200: TokenSchema, ...problemResponses(401, 403, 404) } },
  }, async (request) => revokeApiToken(ctx.db, actorOf(principalOf(request)), request.params.id, ctx.clock));

  app.get('/api/audit', {
    config: { access: { permission: 'audit:read' } },
    schema: {
      tags: ['settings'],
      summary: 'The audit log: who changed what, when (newest first)',
      querystring: Type.Object({ entity: Type.Optional(Type.String({ maxLength: 100 })), entity_id: Type.Optional(Type.String({ maxLength: 100 })), ...Page }),
      response: { 200: Paged(AuditEntrySchema), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { entity = null, entity_id = null, limit = 50, offset = 0 } = request.query;
    const where = 'WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)';
    const items = await ctx.db.query<Static<typeof AuditEntrySchema>>(
      `SELECT id, at, actor_kind, actor_id, actor_label, action, entity, entity_id, details FROM audit_log ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [entity, entity_id, limit, offset],
    );
    const [total] = await ctx.db.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${where}`, [entity, entity_id]);
    return { items, total: total?.n ?? 0, limit, offset };
  });
};
