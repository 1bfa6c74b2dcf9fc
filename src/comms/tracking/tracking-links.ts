import { signToken, verifyToken } from '../../platform/links/signed-token.ts';

// Tokens travel in the query string: they are longer than the path segments Fastify
// accepts (maxParamLength), and base64url needs no escaping there.

/**
 * Signed public links a message carries: the unsubscribe page, click-tracking redirects
 * and the open pixel. Signed so nobody can opt someone else out or forge a click, and
 * bound to a purpose so one kind cannot be replayed as another.
 */
export const PURPOSE = { unsubscribe: 'comms.unsubscribe', click: 'comms.click', open: 'comms.open' } as const;

// Links in mail are opened months later; an unsubscribe link must keep working long after.
const LINK_LIFETIME_MS = 2 * 365 * 24 * 3600 * 1000;

export interface LinkContext {
  baseUrl: string;
  signingKey: string;
  now: Date;
}

export function unsubscribeUrl(links: LinkContext, customerId: number, channel: string, messageId: number): string {
  const token = signToken(links.signingKey, { purpose: PURPOSE.unsubscribe, subject: String(customerId), channel, message: messageId }, expiry(links));
  return `${links.baseUrl}/comms/unsubscribe?t=${token}`;
}

export function openPixelUrl(links: LinkContext, messageId: number): string {
  return `${links.baseUrl}/comms/open?t=${signToken(links.signingKey, { purpose: PURPOSE.open, subject: String(messageId) }, expiry(links))}`;
}

export function clickUrl(links: LinkContext, messageId: number, target: string): string {
  return `${links.baseUrl}/comms/click?t=${signToken(links.signingKey, { purpose: PURPOSE.click, subject: String(messageId), url: target }, expiry(links))}`;
}

/**
 * Routes every absolute http(s) link of an HTML body through the click redirect and adds
 * the open pixel. The unsubscribe link is left alone: a scanner following it must not
 * count as a click, and it already identifies the message.
 */
export function addTracking(html: string, links: LinkContext, messageId: number, keep: readonly string[]): string {
  const tracked = html.replace(/(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi, (whole, prefix: string, quote: string, url: string) => {
    const target = url.replace(/&amp;/g, '&');
    if (keep.includes(target)) return whole;
    return `${prefix}${quote}${clickUrl(links, messageId, target).replace(/&/g, '&amp;')}${quote}`;
  });
  const pixel = `<img src="${openPixelUrl(links, messageId)}" width="1" height="1" alt="" style="display:none">`;
  return /<\/body>/i.test(tracked) ? tracked.replace(/<\/body>/i, `${pixel}</body>`) : `${tracked}\n${pixel}`;
}

/**
 * The same HTML as an operator should see it (the demo mailbox): the open pixel removed and
 * every tracked link pointing straight at its destination, so looking at a customer's mail
 * and following its links counts as neither "opened" nor "clicked". Only links whose token
 * verifies are unwrapped: the destination comes from our signature, never from the mail.
 */
export function withoutTracking(html: string, signingKey: string, now: Date): string {
  const untracked = html.replace(/(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']*?\/comms\/click\?t=([A-Za-z0-9_.-]+)[^"']*)\2/gi,
    (whole, prefix: string, quote: string, _url: string, token: string) => {
      const verified = verifyToken(signingKey, token, PURPOSE.click, now);
      const target = verified.ok ? verified.payload.url : undefined;
      if (typeof target !== 'string' || !/^https?:\/\//.test(target)) return whole;
      return `${prefix}${quote}${target.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}${quote}`;
    });
  return untracked.replace(/<img\b[^>]*?\bsrc\s*=\s*["']https?:\/\/[^"']*?\/comms\/open\?t=[^"']*["'][^>]*>/gi, '');
}

function expiry(links: LinkContext): Date {
  return new Date(links.now.getTime() + LINK_LIFETIME_MS);
}
