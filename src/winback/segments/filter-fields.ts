/**
 * The fields a segment filter may name, and nothing else: each maps to one SQL expression
 * over `customers c LEFT JOIN customer_metrics m`, written here by us, never by the user.
 * A customer who never bought has no metrics row: every metric is null for them, so a
 * comparison on a metric never selects them (SQL's null is "unknown", not a match).
 */
export type FieldType = 'boolean' | 'integer' | 'number' | 'date' | 'text' | 'enum';

export interface FilterField {
  sql: string;
  type: FieldType;
  /** The allowed values of an enum field. */
  values?: readonly string[];
  description: string;
}

export const FILTER_FIELDS: Record<string, FilterField> = {
  quiet: { sql: 'm.quiet', type: 'boolean', description: 'Gone quiet by the rule of decision 026' },
  churn_risk: { sql: 'm.churn_risk', type: 'enum', values: ['active', 'due', 'quiet', 'unknown'], description: 'active, due, quiet or unknown' },
  abc_class: { sql: 'm.abc_class', type: 'enum', values: ['A', 'B', 'C'], description: 'ABC class by the period revenue' },
  r_score: { sql: 'm.r_score', type: 'integer', description: 'RFM recency score 1–5' },
  f_score: { sql: 'm.f_score', type: 'integer', description: 'RFM frequency score 1–5' },
  m_score: { sql: 'm.m_score', type: 'integer', description: 'RFM monetary score 1–5' },
  recency_days: { sql: 'm.recency_days', type: 'integer', description: 'Days since the last purchase' },
  purchase_days: { sql: 'm.purchase_days', type: 'integer', description: 'Days with a purchase, ever (frequency)' },
  tenure_days: { sql: 'm.tenure_days', type: 'integer', description: 'Days since the first purchase' },
  typical_interval_days: { sql: 'm.typical_interval_days', type: 'number', description: "The customer's own typical interval between purchases" },
  recency_ratio: { sql: 'm.recency_ratio', type: 'number', description: 'Recency ÷ own typical interval' },
  lifetime_revenue_minor: { sql: 'm.lifetime_revenue_minor', type: 'integer', description: 'Revenue ever, net of returns, in minor units' },
  period_revenue_minor: { sql: 'm.period_revenue_minor', type: 'integer', description: 'Revenue in the metrics period (12 months by default), minor units' },
  period_purchase_days: { sql: 'm.period_purchase_days', type: 'integer', description: 'Purchase days in the metrics period' },
  p_alive: { sql: 'm.p_alive', type: 'number', description: 'P(alive) of the churn model' },
  expected_purchases: { sql: 'm.expected_purchases', type: 'number', description: 'Expected purchases in the model horizon' },
  first_purchase_on: { sql: 'm.first_purchase_on', type: 'date', description: 'Day of the first purchase' },
  last_purchase_on: { sql: 'm.last_purchase_on', type: 'date', description: 'Day of the last purchase' },
  expected_next_purchase_on: { sql: 'm.expected_next_purchase_on', type: 'date', description: 'Expected next purchase' },
  currency: { sql: 'm.currency', type: 'text', description: 'Currency of the money fields' },
  country: { sql: 'c.country', type: 'text', description: 'Country (ISO 3166 alpha-2)' },
  region: { sql: 'c.region', type: 'text', description: 'Region' },
  language: { sql: 'c.language', type: 'enum', values: ['en', 'ru', 'uk', 'sv'], description: 'Language' },
  tier: { sql: 'c.tier', type: 'enum', values: ['standard', 'silver', 'gold', 'vip'], description: 'Loyalty tier' },
  customer_since: { sql: 'c.customer_since', type: 'date', description: 'Customer since' },
  has_email: { sql: '(c.email IS NOT NULL)', type: 'boolean', description: 'An e-mail address is on file' },
  has_phone: { sql: '(c.phone IS NOT NULL)', type: 'boolean', description: 'A phone number is on file' },
};

export const SQL_TYPE: Record<FieldType, string> = {
  boolean: 'boolean', integer: 'bigint', number: 'float8', date: 'date', text: 'text', enum: 'text',
};

export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is null', 'is not null'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Which operators make sense on which type: ordering a boolean or an enum is refused. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  boolean: ['=', '!=', 'is null', 'is not null'],
  integer: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is null', 'is not null'],
  number: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
  date: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
  text: ['=', '!=', 'in', 'not in', 'is null', 'is not null'],
  enum: ['=', '!=', 'in', 'not in', 'is null', 'is not null'],
};
