import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateTimeInput, Nullable, Timestamp } from '../platform/http/schemas.ts';
import { CASE_SORTS } from './case-list.sql.ts';
import { CASE_PRIORITIES, CASE_STATUSES, LINK_KINDS } from './case-model.ts';

/**
 * A primitive that may also be null, as a JSON Schema type array. Not anyOf: with the
 * API's type coercion an anyOf branch would turn null into 0 or "" before trying the next.
 */
export const OrNull = <T extends TSchema & { type: string }>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const CaseStatusSchema = literals(CASE_STATUSES);
export const CasePrioritySchema = literals(CASE_PRIORITIES);
const Data = Type.Record(Type.String(), Type.Unknown());

export const CaseSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  business_key: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  stage: Type.String(),
  status: CaseStatusSchema,
  priority: CasePrioritySchema,
  owner_id: Nullable(Type.Integer()),
  department: Nullable(Type.String()),
  received_at: Timestamp,
  sla_policy_id: Nullable(Type.Integer()),
  sla_calendar_id: Nullable(Type.String()),
  sla_calendar_basis: Nullable(Type.String({ description: "why this calendar: customer_region, customer_country, team_default (no customer or none of their place), team_configured (the case type runs on the team's)" })),
  sla_calendar_place: Nullable(Type.String({ description: 'the customer\'s country / region the calendar was chosen from' })),
  first_response_minutes: Nullable(Type.Integer()),
  resolution_minutes: Nullable(Type.Integer()),
  first_response_due_at: Nullable(Timestamp),
  resolution_due_at: Nullable(Timestamp),
  first_responded_at: Nullable(Timestamp),
  resolved_at: Nullable(Timestamp),
  closed_at: Nullable(Timestamp),
  sla_paused_at: Nullable(Timestamp),
  sla_paused_business_seconds: Type.Integer(),
  first_response_breached_at: Nullable(Timestamp),
  resolution_breached_at: Nullable(Timestamp),
  sla_breached: Type.Boolean(),
  created_by: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const CaseListItemSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  business_key: Nullable(Type.String()),
  title: Type.String(),
  stage: Type.String(),
  status: CaseStatusSchema,
  priority: CasePrioritySchema,
  owner_id: Nullable(Type.Integer()),
  owner_name: Nullable(Type.String()),
  department: Nullable(Type.String()),
  customer_id: Nullable(Type.Integer()),
  customer_name: Nullable(Type.String()),
  received_at: Timestamp,
  first_response_due_at: Nullable(Timestamp),
  resolution_due_at: Nullable(Timestamp),
  first_responded_at: Nullable(Timestamp),
  resolved_at: Nullable(Timestamp),
  sla_breached: Type.Boolean(),
  sla_paused: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const LinkBody = Type.Object({
  kind: literals(LINK_KINDS),
  id: Type.Optional(Type.Integer({ minimum: 1, description: 'id of the customer, order, product, lot or shipment' })),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'for links without an id here: a recall number, another system\'s ticket' })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

export const LinkSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  target_id: Nullable(Type.Integer()),
  reference: Nullable(Type.String()),
  note: Nullable(Type.String()),
  label: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: Timestamp,
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  case_id: Type.Integer(),
  file_name: Type.String(),
  content_type: Type.String(),
  size_bytes: Type.Integer(),
  sha256: Type.String(),
  uploaded_by: Type.String(),
  created_at: Timestamp,
});

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  case_id: Type.Integer(),
  author_kind: Type.String(),
  author_id: Nullable(Type.String()),
  author_label: Type.String(),
  body: Type.String(),
  mentions: Type.Array(Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String() })),
  created_at: Timestamp,
});

const SlaTargetSchema = Type.Object({
  target_minutes: Nullable(Type.Integer()),
  due_at: Nullable(Timestamp),
  met_at: Nullable(Timestamp),
  breached_at: Nullable(Timestamp),
  business_minutes_left: Nullable(Type.Integer({ description: 'negative when overdue; frozen while paused' })),
});

export const CaseDetailSchema = Type.Object({
  case: CaseSchema,
  owner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() })),
  sla: Type.Object({
    policy_id: Nullable(Type.Integer()),
    calendar_id: Nullable(Type.String()),
    calendar: Nullable(Type.Object({
      id: Type.String(),
      name: Type.String(),
      time_zone: Type.String(),
      holiday_region: Nullable(Type.String()),
      basis: Nullable(Type.String({ description: 'customer_region, customer_country, team_default or team_configured' })),
      place: Nullable(Type.String({ description: "the customer's country / region it was chosen from" })),
    })),
    paused: Type.Boolean(),
    paused_since: Nullable(Timestamp),
    paused_business_minutes: Type.Integer(),
    first_response: SlaTargetSchema,
    resolution: SlaTargetSchema,
  }),
  links: Type.Array(LinkSchema),
  attachments: Type.Array(AttachmentSchema),
  comment_count: Type.Integer(),
});

export const TimelineSchema = Type.Object({
  entries: Type.Array(Type.Object({
    id: Type.String(),
    at: Timestamp,
    source: Type.String({ description: "'case', 'comment', or a registered source such as 'process' or 'messages'" }),
    kind: Type.String(),
    summary: Type.String({ description: 'One English line; a console says it in its own language from kind and params' }),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([
      Type.String(), Type.Number(),
      Type.Object({ of: Type.String({ description: 'vocabulary, e.g. caseStatus' }), code: Type.String() }),
      Type.Object({ at: Type.String({ description: 'a moment, ISO 8601' }) }),
    ]), { description: 'Values for the sentence of this kind: text, numbers, codes to name ({of, code}) and moments ({at})' })),
    actor: Type.Optional(Nullable(Type.String())),
    data: Type.Optional(Data),
  })),
  unavailable: Type.Array(Type.Object({ source: Type.String(), reason: Type.String() })),
});

export const NewCaseBody = Type.Object({
  type: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$', description: 'complaint, recall, winback, delivery_incident, investigation, or a type a module added' }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  stage: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'default: the first stage of the type' })),
  priority: Type.Optional(CasePrioritySchema),
  owner_id: Type.Optional(OrNull(Type.Integer({ minimum: 1 }))),
  department: Type.Optional(OrNull(Type.String({ maxLength: 100 }))),
  business_key: Type.Optional(OrNull(Type.String({ minLength: 1, maxLength: 200, description: 'unique per type' }))),
  received_at: Type.Optional(DateTimeInput({ description: 'when the customer raised it; the SLA counts from here (default: now)' })),
  links: Type.Optional(Type.Array(LinkBody, { maxItems: 100 })),
}, { additionalProperties: false });

export const CaseChangesBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  stage: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  owner_id: Type.Optional(OrNull(Type.Integer({ minimum: 1 }))),
  department: Type.Optional(OrNull(Type.String({ maxLength: 100 }))),
  priority: Type.Optional(CasePrioritySchema),
  status: Type.Optional(CaseStatusSchema),
}, { additionalProperties: false, minProperties: 1 });

export const CaseListQuery = Type.Object({
  type: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' })),
  status: Type.Optional(Type.Array(CaseStatusSchema, { description: 'repeat for several: status=open&status=waiting_customer' })),
  stage: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  owner: Type.Optional(Type.String({ pattern: '^(me|none|[1-9][0-9]{0,14})$', description: 'a user id, "me" or "none" (unassigned)' })),
  department: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  priority: Type.Optional(Type.Array(CasePrioritySchema)),
  breached: Type.Optional(Type.Boolean({ description: 'only cases with (true) or without (false) a recorded SLA breach' })),
  customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'words in title, description or business key (prefixes match); a number also finds that case id; #42 finds only case 42' })),
  sort: Type.Optional(literals(Object.keys(CASE_SORTS) as (keyof typeof CASE_SORTS)[])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
}, { additionalProperties: false });

export const CaseIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
