import { randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { listErasers, type EraserCounts, type ErasureSubject } from './eraser-registry.ts';

export interface ErasureResult {
  customerId: number;
  pseudonym: string;
  /** Per table: how many rows were deleted, anonymised or kept for a legal reason. */
  tables: Record<string, EraserCounts>;
}

/**
 * Erases one person everywhere, in one transaction: every registered table eraser runs
 * (set-based SQL each), the customer row last. Nothing of the person's identifiers reaches
 * the summary or the audit entry: counts per table and a pseudonym, which is random and so
 * cannot be recomputed from a name or an e-mail address.
 */
export async function eraseCustomer(tx: Db, actor: Actor, customerId: number, now: Date, requestId: number | null = null): Promise<ErasureResult> {
  const [customer] = await tx.query<{ name: string; email: string | null; phone: string | null; external_id: string }>(
    'SELECT name, email, phone, external_id FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
  if (!customer) throw notFound(`customer ${customerId}`);
  // Erased before: nothing of theirs is left to find (and their pseudonym must not be scrubbed as if it were a name).
  if (customer.external_id.startsWith('erased-')) return { customerId, pseudonym: customer.external_id, tables: {} };
  const subject: ErasureSubject = {
    customerId,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    externalId: customer.external_id,
    pseudonym: `erased-${randomBytes(8).toString('hex')}`,
    requestId,
    now,
  };
  const tables: Record<string, EraserCounts> = {};
  for (const eraser of listErasers()) {
    const counts = await eraser.erase(tx, subject);
    if (Object.values(counts).some((n) => n)) tables[eraser.table] = counts;
  }
  await recordAudit(tx, actor, { action: 'erase', entity: 'customers', entityId: customerId, details: { pseudonym: subject.pseudonym, request: requestId, tables } });
  return { customerId, pseudonym: subject.pseudonym, tables };
}
