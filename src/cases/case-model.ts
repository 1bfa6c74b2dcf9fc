import type { Actor } from '../platform/audit/audit.ts';

/** The vocabulary of a case, shared by the schema, the services and the API. */
export const CASE_STATUSES = ['open', 'waiting_customer', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const LINK_KINDS = ['customer', 'order', 'product', 'lot', 'recall', 'shipment', 'other'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * Where a status may go. Closed is final: a closed case that needs work again is a new case
 * (linked to the old one), so reports of closed cases never change after the fact.
 */
export const STATUS_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** A row of `cases` as the services read it (the generated search vector left out). */
export interface CaseRow {
  id: number;
  type: string;
  business_key: string | null;
  title: string;
  description: string;
  stage: string;
  status: CaseStatus;
  priority: CasePriority;
  owner_id: number | null;
  department: string | null;
  received_at: Date;
  sla_policy_id: number | null;
  sla_calendar_id: string | null;
  /** Why the case runs on that calendar (src/cases/sla/calendar-choice.ts). */
  sla_calendar_basis: 'customer_region' | 'customer_country' | 'team_default' | 'team_configured' | null;
  /** The customer's place the calendar was chosen from ("GB / Scotland"). */
  sla_calendar_place: string | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  sla_paused_at: Date | null;
  sla_paused_business_seconds: number;
  first_response_breached_at: Date | null;
  resolution_breached_at: Date | null;
  sla_breached: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export const CASE_COLUMNS = `id, type, business_key, title, description, stage, status, priority, owner_id, department, received_at,
  sla_policy_id, sla_calendar_id, sla_calendar_basis, sla_calendar_place, first_response_minutes, resolution_minutes, first_response_due_at, resolution_due_at,
  first_responded_at, resolved_at, closed_at, sla_paused_at, sla_paused_business_seconds, first_response_breached_at,
  resolution_breached_at, sla_breached, created_by, created_at, updated_at`;

/** Who made a change and when (the app clock's now, so tests can move time). */
export interface Change {
  actor: Actor;
  at: Date;
}
