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
  /** The language title and reason are written in, and the languages the reason was translated into (the GPSR notice's languages). */
  language?: 'en' | 'ru' | 'uk' | 'sv';
  reason_translations?: Partial<Record<string, string>>;
}

/** The languages a GPSR recall notice exists in: the recall's own and each its reason was translated into (as src/recall/gpsr/gpsr.ts). */
export function gpsrNoticeLanguages(recall: RecallSummary): string[] {
  return ['en', 'ru', 'uk', 'sv'].filter((l) => l === (recall.language ?? 'en') || Boolean(recall.reason_translations?.[l]));
}

export const RECALL_STATUS_TONE: Record<string, Tone> = { draft: 'neutral', active: 'danger', closed: 'success' };
export const CLAIM_STATUS_TONE: Record<string, Tone> = { approved: 'success', review: 'warning', rejected: 'danger' };

/** What GET /api/recalls/:id/impact answers (the parts the console shows). */
/** Bought the recalled product on a line without a recorded lot or serial (R3). */
export interface PossiblyAffected {
  units: number;
  units_anonymous: number;
  consumers: number;
  reach: ImpactPreview['reach'];
}

export interface ImpactPreview {
  possibly_affected: PossiblyAffected;
  totals: {
    lots: number; produced: number | null; shipped: number; received: number; without_receipt: number; locations_stock_unknown: number;
    in_stock: number; sold: number; sold_online: number; sold_to_identified: number; sold_anonymous: number; identified_consumers: number;
    /** Produced units with no record where they are; null when a lot's production quantity is missing. */
    unknown: number | null; recorded_beyond_production: number;
  };
  lots: { gtin: string; product_name: string; lot_code: string; produced_on: string | null; expires_on: string | null; quantity_produced: number | null }[];
  locations: { id: number; external_id: string; name: string; kind: string; chain: string | null; region: string | null; city: string | null; shipped: number; received: number; sold: number; in_stock: number | null; without_receipt: number }[];
  by_chain: { chain: string; stores: number; received: number; sold: number; in_stock: number; without_receipt: number }[];
  reach: { email: number; sms: number; unreachable: number; safety_notice: number; unreachable_by_reason: { opted_out: number; no_consent: number; no_address: number } };
  partners: { partner: string; label: string; locations: number; contact_email: string | null; channels: ('email' | 'webhook')[]; reached: boolean; reason: 'no_contact' | 'endpoint_inactive' | null }[];
  staff: { role: string; users: number; reached: boolean; reason: 'no_users' | null }[];
  untranslated: { language: 'en' | 'ru' | 'uk' | 'sv'; consumers: number; texts: ('title' | 'reason' | 'instructions')[] }[];
  compensation: {
    policy: { decision: string; source: string };
    by_currency: { currency: string; consumers: number; refund_minor: number; voucher_minor: number; total_minor: number }[];
    by_rule: { rule: string; consumers: number }[];
  };
}

export interface RecallDashboard {
  recall: { id: number; reference: string; status: 'draft' | 'active' | 'closed' };
  possibly_affected: PossiblyAffected & { messages: { channel: string; queued: number; sent: number; failed: number; suppressed: number }[] };
  speed: { activated_at: string | null; all_lots_blocked_after_ms: number | null; all_messages_sent_after_ms: number | null };
  reach: {
    by_channel: { channel: string; queued: number; sent: number; delivered: number; opened: number; clicked: number; failed: number }[];
    by_chain: { chain: string; consumers: number; reached: number; stores: number; stores_reported: number; stores_silent: number }[];
  };
  response: { opened: number; clicked: number; vouchers_redeemed: number; claims: { total: number; approved: number; review: number; rejected: number } };
  units: { sold: number; returned: number; recovery_rate: number | null };
  compensation: { offers: number; offers_delivered_within_24h: number; share_within_24h: number | null; by_currency: { currency: string; total_minor: number; estimated_minor: number | null }[] };
  notices: {
    partners: { partner: string; label: string; locations: number; status: 'notified' | 'unreached' | 'pending'; channels: string[]; reason: string | null; contact_email: string | null; reachable_now: boolean }[];
    staff: { role: string; status: 'notified' | 'unreached'; alerted: number; reason: string | null; users_now: number; reachable_now: boolean }[];
    unreached: number;
    resendable: number;
  };
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

/** What GET /api/recall-partners lists. */
export interface RecallPartner {
  partner: string;
  label: string;
  kind: 'chain' | 'distributor' | 'location' | 'unknown';
  locations: number;
  contact_email: string | null;
  webhook_endpoint_id: number | null;
  updated_at: string | null;
}
