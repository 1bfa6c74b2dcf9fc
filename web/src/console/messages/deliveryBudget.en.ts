import type { Message } from '../../i18n/i18n.ts';

/** The compensation preview beside management's budget approval, in English; `deliveryBudget.ru.ts` must match it key for key. */
export const deliveryBudgetEn = {
  'deliveryBudget.title': 'Compensation preview',
  'deliveryBudget.lead': 'What {decision} gives the delayed orders of {incident}, by currency. Issuing issues exactly this, charged to the budget you approve for each currency.',
  'deliveryBudget.currency': 'Currency',
  'deliveryBudget.options': 'Options',
  'deliveryBudget.toIssue': 'To issue',
  'deliveryBudget.budgets': 'Open budgets',
  'deliveryBudget.orders': '{count} orders',
  'deliveryBudget.points': '{points} points',
  'deliveryBudget.issued': 'Already issued: {orders} orders, {amount}',
  'deliveryBudget.remaining': '{amount} left',
  'deliveryBudget.noBudget': 'No open {currency} budget: set one up under Compensation budgets first.',
  'deliveryBudget.nothing': 'No delayed order of this incident is due compensation by the rules.',
  'deliveryBudget.undecided': '{count} orders get nothing by the rules (see the incident\'s compensation preview for why).',
  'deliveryBudget.option.shipping_refund': 'Shipping refund',
  'deliveryBudget.option.coupon': 'Coupon',
  'deliveryBudget.option.partial_refund': 'Partial refund',
  'deliveryBudget.option.gift': 'Gift',
  'deliveryBudget.option.loyalty_points': 'Loyalty points',
} satisfies Record<string, Message>;
