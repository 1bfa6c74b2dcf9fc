/**
 * Signed links carry their token in the address (`/surveys/respond?token=…`), and a request
 * log that keeps the address keeps a working key to someone's survey, claim or unsubscribe
 * page. Logged addresses therefore lose every token-like query value: parameters named like
 * a token, and any value shaped like a signed token (`<payload>.<signature>`) or an API
 * token (`rbd_…`), whatever its name. Path segments of those shapes go too.
 *
 * Nor may a log hold personal data (issue 18.6): search terms and parameters named for a
 * person (`q`, `search`, `email`, `phone`, `name`…) lose their value, and any value or path
 * segment shaped like an e-mail address or a phone number goes too, whatever its name.
 */
const TOKEN_PARAMETER = /^(token|t|sig|signature|upload_token|access_token|code)$/i;
const SIGNED_TOKEN = /^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{20,}$/;
const API_TOKEN = /^rbd_[A-Za-z0-9_-]{8,}$/;
const PERSONAL_PARAMETER = /^(q|query|search|term|email|e-?mail|phone|mobile|tel|name|first_?name|last_?name|full_?name|address|recipient|contact|iban|requester_email)$/i;
const EMAIL = /[^\s@/]+@[^\s@/]+\.[^\s@/]+/;
export const REDACTED = '[redacted]';

const looksLikeToken = (value: string) => SIGNED_TOKEN.test(value) || API_TOKEN.test(value);
// A phone number: international (+46 70 123 45 67) or national with a trunk 0 and separators
// (070-123 45 67). Ids, GTINs (09506000134352), dates and lot codes are none of these.
const looksLikePhone = (value: string) => {
  const digits = value.replace(/\D/g, '').length;
  if (digits < 7 || !/^[\d\s().+-]+$/.test(value)) return false;
  return value.startsWith('+') || (value.startsWith('0') && /[\s().-]/.test(value));
};
const looksPersonal = (value: string) => EMAIL.test(value) || looksLikePhone(value.trim());
const mustGo = (value: string) => looksLikeToken(value) || looksPersonal(value);

export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const safePath = path
    .split('/')
    .map((segment) => (mustGo(safeDecode(segment)) ? REDACTED : segment))
    .join('/');
  if (queryAt === -1) return safePath;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = safeDecode(pair.slice(0, equals));
      const value = safeDecode(pair.slice(equals + 1));
      return TOKEN_PARAMETER.test(name) || PERSONAL_PARAMETER.test(name) || mustGo(value) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Fastify's request serializer, with the address redacted. */
export function redactedRequest(request: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: request.method, url: redactUrl(request.url), host: request.hostname, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
