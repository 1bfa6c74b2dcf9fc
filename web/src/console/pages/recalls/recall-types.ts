import type { Tone } from '../../components/Badge.tsx';

export interface RecallSummary {
  id: number;
  reference: string;
  title: string;
  classification: 'I' | 'II' | 'III';
  status: 'draft' | 'active' | 'closed';
  reason: string;
  created_at: string;
  activated_at: string | null;
  closed_at: string | null;
}

export const RECALL_STATUS_TONE: Record<string, Tone> = { draft: 'neutral', active: 'danger', closed: 'success' };
export const CLAIM_STATUS_TONE: Record<string, Tone> = { approved: 'success', review: 'warning', rejected: 'danger' };

/** What GET /api/recalls/:id/impact answers (the parts the console shows). */
export interface ImpactPreview {
  totals: { lots: number; produced: number; shipped: number; received: number; in_stock: number; sold: number; sold_online: number; sold_to_identified: number; sold_anonymous: number; identified_consumers: number };
  lots: { gtin: string; product_name: string; lot_code: string; produced_on: string | null; expires_on: string | null; quantity_produced: number | null }[];
  locations: { id: number; external_id: string; name: string; kind: string; chain: string | null; region: string | null; city: string | null; shipped: number; received: number; sold: number; in_stock: number }[];
  by_chain: { chain: string; stores: number; sold: number; in_stock: number }[];
  reach: { email: number; sms: number; unreachable: number };
  compensation: {
    policy: { decision: string; source: string };
    by_currency: { currency: string; consumers: number; refund_minor: number; voucher_minor: number; total_minor: number }[];
    by_rule: { rule: string; consumers: number }[];
  };
}

export interface RecallDashboard {
  speed: { activated_at: string | null; all_lots_blocked_after_ms: number | null; all_messages_sent_after_ms: number | null };
  reach: {
    by_channel: { channel: string; queued: number; sent: number; delivered: number; opened: number; clicked: number; failed: number }[];
    by_chain: { chain: string; consumers: number; reached: number; stores: number; stores_reported: number; stores_silent: number }[];
  };
  response: { opened: number; clicked: number; vouchers_redeemed: number; claims: { total: number; approved: number; review: number; rejected: number } };
  units: { sold: number; returned: number; recovery_rate: number | null };
  compensation: { offers: number; offers_delivered_within_24h: number; share_within_24h: number | null; by_currency: { currency: string; total_minor: number; estimated_minor: number | null }[] };
  retention: {
    affected: { regulars: number; within_30_days: number | null; within_60_days: number | null; within_90_days: number | null };
    unaffected: { regulars: number; within_30_days: number | null; within_60_days: number | null; within_90_days: number | null };
    windows_open: { d30: boolean; d60: boolean; d90: boolean };
  } | null;
}

export interface Claim {
  id: number;
  reference: string;
  name: string;
  email: string | null;
  phone: string | null;
  gtin: string;
  lot: string | null;
  quantity: number;
  requested: 'refund' | 'voucher';
  value_minor: number;
  currency: string;
  status: 'approved' | 'review' | 'rejected';
  decision_reason: string | null;
  submitted_at: string;
  payout_batch_id: number | null;
  voucher_code: string | null;
}
