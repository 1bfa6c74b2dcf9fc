/**
 * What other modules use from privacy: a module whose table holds personal data registers
 * the eraser of that table here (see eraser-registry.ts), at import time.
 */
export { registerEraser, scrubIdentifiers, recordLegalHolds, identifiersOf, identifierPattern, ERASED } from './erasure/eraser-registry.ts';
export type { TableEraser, ErasureSubject, EraserCounts } from './erasure/eraser-registry.ts';
export { eraseCustomer, type ErasureResult } from './erasure/erase-customer.ts';
export { privacyModule } from './privacy.module.ts';
