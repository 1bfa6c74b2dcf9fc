/** Segments as the API sends them (src/winback/segments/segments.routes.ts). */
export interface Segment {
  id: number;
  name: string;
  version: number;
  description: string | null;
  filter_text: string;
  process_id: string | null;
  reentry: 'once' | 'every' | 'cooldown';
  cooldown_days: number | null;
  control_share: number;
  cap_contacts: number | null;
  cap_days: number | null;
  saved_at: string;
  saved_by: string;
  evaluated_at: string | null;
  members: number;
}

export interface SegmentVersion {
  version: number;
  name: string;
  filter_text: string;
  process_id: string | null;
  saved_at: string;
  saved_by: string;
}

export interface Preview {
  matching: number;
  customers_total: number;
  entering: number | null;
  leaving: number | null;
  sample: { customer_id: number; external_id: string; name: string; abc_class: string | null; period_revenue_minor: number | null; currency: string | null; recency_days: number | null; churn_risk: string | null }[];
}

export interface Evaluation {
  version: number;
  entered: number;
  left: number;
  members: number;
}

export interface FilterFieldInfo {
  name: string;
  type: string;
  values: string[] | null;
  description: string;
}

export interface Group {
  entries: number;
  ordered_again: number;
  rate: number | null;
  revenue_minor: number;
}

export interface Report {
  window_days: number;
  funnel: Record<string, number>;
  treatment: Group;
  control: Group;
  uplift: { difference: number; low: number; high: number } | null;
  uplift_note: 'no_control_group' | 'no_treated_entries' | 'small_groups' | null;
}

export interface Entry {
  entry_id: number;
  customer_id: number;
  external_id: string;
  entered_at: string;
  left_at: string | null;
  control: boolean;
  start_status: string;
  start_note: string | null;
  instance_id: number | null;
  ordered_again: boolean;
}
