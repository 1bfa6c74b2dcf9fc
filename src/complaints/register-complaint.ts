import { createCase, type LinkInput } from '../cases/index.ts';
import { startInstance } from '../engine/index.ts';
import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';

export const COMPLAINT_CATEGORIES = ['product_quality', 'delivery', 'service', 'billing', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_CHANNELS = ['console', 'web', 'email', 'phone', 'store', 'api'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export interface NewComplaint {
  channel: ComplaintChannel;
  category: ComplaintCategory;
  essence: string;
  customerId?: number | null;
  orderExternalId?: string | null;
  gtin?: string | null;
  /** When the customer raised it (a letter that came last week); the SLA counts from here. */
  receivedAt?: Date;
  title?: string;
}

const invalid = (field: string, message: string, type: string) => new AppError('invalid', `${field}: ${message}`, type, { errors: [{ field: `body.${field}`, message }] });

/**
 * Registers a complaint (C1) — its case (owner, SLA, timeline), its own row and the start of
 * processes/complaint.bpmn — in one transaction, so no complaint exists without its process
 * and none is ever lost between intake and the first task.
 */
export async function registerComplaint(ctx: AppContext, actor: Actor, input: NewComplaint) {
  const essence = input.essence.trim();
  if (essence.length < 5) throw invalid('essence', 'say in a sentence what happened', 'complaints.no_essence');
  return ctx.db.transaction(async (tx) => {
    const order = input.orderExternalId ? await findOrder(tx, input.orderExternalId) : null;
    const customerId = input.customerId ?? order?.customer_id ?? null;
    if (input.customerId && order?.customer_id && order.customer_id !== input.customerId) {
      throw invalid('order_number', `order ${input.orderExternalId} belongs to another customer`, 'complaints.order_mismatch');
    }
    const [customer] = customerId ? await tx.query<{ id: number; name: string; tier: string }>('SELECT id, name, tier FROM customers WHERE id = $1', [customerId]) : [];
    if (customerId && !customer) throw invalid('customer_id', `no customer ${customerId}`, 'complaints.unknown_customer');
    const [product] = input.gtin ? await tx.query<{ id: number; name: string }>('SELECT id, name FROM products WHERE gtin = $1', [input.gtin.padStart(14, '0')]) : [];
    if (input.gtin && !product) throw invalid('gtin', `no product with GTIN ${input.gtin}`, 'complaints.unknown_product');

    // The reference carries the complaint's own number, drawn first so two intakes at once never collide.
    const [next] = await tx.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('complaints', 'id')) AS id`);
    const reference = `CMP-${String(next!.id).padStart(6, '0')}`;
    const links: LinkInput[] = [
      ...(customer ? [{ kind: 'customer' as const, id: customer.id }] : []),
      ...(order ? [{ kind: 'order' as const, id: order.id }] : []),
      ...(product ? [{ kind: 'product' as const, id: product.id }] : []),
    ];
    const now = ctx.clock.now();
    const title = input.title?.trim() || `${customer?.name ?? 'Customer'}: ${essence.length > 80 ? `${essence.slice(0, 77)}…` : essence}`;
    const created = await createCase(tx, ctx, { type: 'complaint', title, description: essence, business_key: reference, received_at: input.receivedAt ?? now, links }, { actor, at: now });
    await tx.query(
      `INSERT INTO complaints (id, case_id, customer_id, order_id, product_id, channel, category, essence, received_at, created_at)
       OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [next!.id, created.id, customer?.id ?? null, order?.id ?? null, product?.id ?? null, input.channel, input.category, essence, input.receivedAt ?? now, now],
    );
    const instance = await startInstance({ db: tx, clock: ctx.clock }, {
      processId: 'complaint',
      businessKey: reference,
      variables: { complaintId: next!.id, caseId: created.id, reference, category: input.category, tier: customer?.tier ?? 'standard', customerId: customer?.id ?? null },
      actor,
    });
    await tx.query('UPDATE complaints SET instance_id = $2 WHERE id = $1', [next!.id, instance.instanceId]);
    await recordAudit(tx, actor, { action: 'register', entity: 'complaint', entityId: next!.id, details: { reference, channel: input.channel, category: input.category } });
    // The promise to the customer is the case's own first-response deadline: one computation, so the two cannot disagree.
    const promise = { answer_by: created.first_response_due_at, answer_within_business_minutes: created.first_response_minutes };
    return { id: Number(next!.id), reference, case_id: created.id, instance_id: instance.instanceId, promise };
  });
}

async function findOrder(tx: Db, externalId: string) {
  const [order] = await tx.query<{ id: number; customer_id: number | null }>('SELECT id, customer_id FROM orders WHERE external_id = $1', [externalId]);
  if (!order) throw invalid('order_number', `no order ${externalId}`, 'complaints.unknown_order');
  return order;
}

/**
 * The public complaint page (C1): the order number proves nothing alone, so it must match
 * the e-mail address or phone number of the customer who placed it. The answer never says
 * which of the two was wrong, so the form cannot be used to probe who ordered what.
 */
export async function registerPublicComplaint(ctx: AppContext, input: { orderNumber: string; email?: string; phone?: string; category: ComplaintCategory; essence: string }) {
  const [order] = await ctx.db.query<{ customer_id: number | null }>(
    `SELECT o.customer_id FROM orders o JOIN customers cu ON cu.id = o.customer_id
     WHERE o.external_id = $1 AND (($2::text IS NOT NULL AND lower(cu.email) = lower($2)) OR ($3::text IS NOT NULL AND regexp_replace(cu.phone, '[^0-9+]', '', 'g') = regexp_replace($3, '[^0-9+]', '', 'g')))`,
    [input.orderNumber.trim(), input.email ?? null, input.phone ?? null],
  );
  if (!order) {
    throw new AppError('unprocessable', 'we found no order with this number for this e-mail address or phone number', 'complaints.order_not_verified', {
      errors: [{ field: 'body.order_number', message: 'does not match the e-mail address or phone number' }],
    });
  }
  return registerComplaint(ctx, { kind: 'system', label: 'public complaint page' }, {
    channel: 'web', category: input.category, essence: input.essence, orderExternalId: input.orderNumber.trim(), customerId: order.customer_id,
  });
}
