import { publicUrl } from '../../platform/config/config.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { signToken } from '../../platform/links/signed-token.ts';

export const TRACKER_TOKEN_PURPOSE = 'delivery-tracker';
/** A tracker link works this long after the message that carried it: past any late parcel, short of forever. */
export const TRACKER_LINK_DAYS = 60;

/** The signed, expiring link to one shipment's tracker page: the only key to it (decision 020). */
export function trackerUrl(ctx: Pick<AppContext, 'config' | 'signingKey' | 'clock'>, shipmentId: number): string {
  const expiresAt = new Date(ctx.clock.now().getTime() + TRACKER_LINK_DAYS * 24 * 3600 * 1000);
  const token = signToken(ctx.signingKey, { purpose: TRACKER_TOKEN_PURPOSE, subject: String(shipmentId) }, expiresAt);
  return `${publicUrl(ctx.config)}/track?t=${token}`;
}
