/**
 * What other modules use from compensation (decision 027): issue a voucher (optionally paid
 * from a budget), look one up, record a refund owed, grant loyalty points, charge a budget.
 * Recall, complaints and win-back call these, never the tables.
 */
export { issueVoucher, findVoucher, redeemVoucher, type VoucherView } from './vouchers.ts';
export { newVoucherCode, newVoucherCodes, normalizeVoucherCode } from './voucher-code.ts';
export { chargeBudget, getBudget, listBudgets, saveBudget, type Budget, type ChargeKind } from './budgets.ts';
export { grantLoyaltyPoints, loyaltyBalance } from './loyalty-points.ts';
export { recordRefundOwed } from './refunds.ts';
export { compensationModule } from './compensation.module.ts';
