/**
 * Signed links carry their token in the address (`/surveys/respond?token=…`), and a request
 * log that keeps the address keeps a working key to someone's survey, claim or unsubscribe
 * page. Logged addresses therefore lose every token-like query value: parameters named like
 * a token, and any value shaped like a signed token (`<payload>.<signature>`) or an API
 * token (`rbd_…`), whatever its name. Path segments of those shapes go too.
 */
const TOKEN_PARAMETER = /^(token|t|sig|signature|upload_token|access_token|code)$/i;
const SIGNED_TOKEN = /^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{20,}$/;
const API_TOKEN = /^rbd_[A-Za-z0-9_-]{8,}$/;
export const REDACTED = '[redacted]';

const looksLikeToken = (value: string) => SIGNED_TOKEN.test(value) || API_TOKEN.test(value);

export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const safePath = path
    .split('/')
    .map((segment) => (looksLikeToken(safeDecode(segment)) ? REDACTED : segment))
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
      return TOKEN_PARAMETER.test(name) || looksLikeToken(value) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
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
