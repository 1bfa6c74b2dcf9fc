import { serviceRoutes, type CustomerChannel, type ServiceRoute } from '../comms/index.ts';
import type { GuardedTask } from '../engine/index.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';

/** How the customer gets a reply: the system sends it, or the agent phoned or wrote a letter. */
export const REPLY_WAYS = ['message', 'call', 'letter'] as const;
export type ReplyWay = (typeof REPLY_WAYS)[number];

export interface ReplyRoute {
  /** The channel the reply goes on and its address; both null when no message can reach the customer. */
  channel: CustomerChannel | null;
  address: string | null;
  /** Each channel tried and why it cannot carry the reply (empty when the first one can). */
  blocked: { channel: CustomerChannel; reason: NonNullable<ServiceRoute['blocked']> | 'no_customer' }[];
  /** Where the agent can call or write instead. */
  phone: string | null;
  customer: { id: number; name: string; email: string | null; phone: string | null } | null;
}

/**
 * Where a reply to this complaint goes. A reply to someone who wrote in is a service message
 * (docs/decisions/017): no marketing consent is needed, so it goes by e-mail when we have a
 * working address, else by SMS — the same rule the outbox applies when it queues the reply.
 */
export async function replyRoute(db: Db, complaintId: number): Promise<ReplyRoute> {
  const [row] = await db.query<{ customer_id: number | null; name: string | null; email: string | null; phone: string | null }>(
    `SELECT co.customer_id, cu.name, cu.email, cu.phone FROM complaints co LEFT JOIN customers cu ON cu.id = co.customer_id WHERE co.id = $1`, [complaintId]);
  if (!row) throw new AppError('not_found', `complaint ${complaintId} was not found`);
  if (!row.customer_id) {
    return { channel: null, address: null, blocked: [{ channel: 'email', reason: 'no_customer' }, { channel: 'sms', reason: 'no_customer' }], phone: null, customer: null };
  }
  const routes = await serviceRoutes(db, Number(row.customer_id), ['email', 'sms']);
  const open = routes.find((route) => route.blocked === null);
  const blocked = routes.slice(0, open ? routes.indexOf(open) : routes.length).map((route) => ({ channel: route.channel, reason: route.blocked! }));
  return {
    channel: open?.channel ?? null, address: open?.address ?? null, blocked, phone: row.phone,
    customer: { id: Number(row.customer_id), name: row.name!, email: row.email, phone: row.phone },
  };
}

const REASONS: Record<ReplyRoute['blocked'][number]['reason'], string> = {
  no_customer: 'the complaint names no customer',
  no_address: 'there is no address on file',
  address_bounced: 'the address bounced',
  unknown_customer: 'the customer no longer exists',
};
const CHANNEL_NAMES: Record<CustomerChannel, string> = { email: 'e-mail', sms: 'SMS' };

/** "by e-mail (there is no address on file) nor by SMS (the address bounced)" */
export function whyNotSent(route: ReplyRoute): string {
  return route.blocked.map((b) => `by ${CHANNEL_NAMES[b.channel]} (${REASONS[b.reason]})`).join(' nor ');
}

/**
 * The reply forms' guard: a reply the system is to send must have a channel to go on. When
 * none is left the task stays open and the agent is told why and what to do instead — call
 * or write — before anything completes, instead of the reply quietly becoming a case note.
 */
export const refuseUnsendableReply = (wayField: string) => async (tx: Db, task: GuardedTask): Promise<void> => {
  const way = (task.data[wayField] ?? 'message') as ReplyWay;
  const complaintId = Number(task.variables.complaintId);
  if (way !== 'message' || !Number.isInteger(complaintId)) return;
  const route = await replyRoute(tx, complaintId);
  if (route.channel) return;
  const instead = route.phone ? `call the customer at ${route.phone} or send a letter` : 'reach the customer by phone or letter';
  const message = `this reply cannot be sent ${whyNotSent(route)}: ${instead}, and choose how you replied`;
  throw new AppError('unprocessable', message, 'complaints.reply_cannot_be_sent', {
    errors: [{ field: `data.${wayField}`, message: 'choose the call or letter that replaced the message' }],
    blocked: route.blocked,
    phone: route.phone,
  });
};
