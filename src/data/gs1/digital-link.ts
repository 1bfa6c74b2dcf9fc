import { collectAiFields, type AiField } from './ai-fields.ts';
import { isValidGtin, normalizeGtin } from './gtin.ts';
import { identityFromAis } from './identity.ts';
import { percentDecode } from './percent-decode.ts';
import { fail, succeed, type Gs1Identity, type Gs1ParseOptions, type Gs1Result } from './result.ts';

/**
 * GS1 Digital Link primary keys. The identifier path starts at the first of these; anything
 * before it is the resolver's own prefix (https://example.com/some/prefix/01/…).
 */
const PRIMARY_KEYS = new Set(['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8013', '8017', '8018']);

/** Key qualifiers a GTIN may carry in the path, in the only order GS1 Digital Link allows. */
const GTIN_QUALIFIERS = ['22', '10', '21'];

/**
 * Split by hand rather than with `new URL`: WHATWG URL parsing resolves "." and "%2E" path
 * segments, which would silently drop a serial or lot written that way.
 */
const HTTP_URI = /^(https?):\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

/**
 * Reads an uncompressed GS1 Digital Link URI on any host into a product identity:
 * GTIN (8/12/13/14 digits, made 14) with its qualifiers in the path, data attributes
 * (numeric AI keys) in the query; other query parameters such as linkType are ignored.
 */
export function parseDigitalLink(uri: string, options: Gs1ParseOptions = {}): Gs1Result<Gs1Identity> {
  const now = options.now ?? new Date();
  const trimmed = uri.trim();
  if (trimmed.length === 0) return fail('empty', 'the Digital Link URI is empty');
  const parts = HTTP_URI.exec(trimmed);
  if (!parts) return fail('bad_uri', `not an http(s) URI: ${trimmed}`);
  const [, , , path = '', query = ''] = parts;
  const pathFields = readPath(path);
  if (!pathFields.ok) return pathFields;
  const queryFields = readQuery(query);
  if (!queryFields.ok) return queryFields;
  const ais = collectAiFields([...pathFields.value, ...queryFields.value], now);
  if (!ais.ok) return ais;
  return identityFromAis(ais.value, now);
}

function readPath(path: string): Gs1Result<AiField[]> {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  // An even number of segments from the key on: a prefix that happens to read "01" is skipped.
  const start = segments.findIndex((segment, index) => PRIMARY_KEYS.has(segment) && (segments.length - index) % 2 === 0);
  if (start < 0) return fail('bad_uri', `no GS1 primary key such as /01/{gtin} in the path "${path}"`);
  const primaryKey = segments[start] ?? '';
  if (primaryKey !== '01') return fail('missing_gtin', `the Digital Link identifies AI (${primaryKey}), not a GTIN`, { ai: primaryKey });

  const fields: AiField[] = [];
  let lastQualifier = -1;
  for (let index = start; index < segments.length; index += 2) {
    const ai = segments[index] ?? '';
    const value = percentDecode(segments[index + 1] ?? '');
    if (value === undefined) return fail('bad_uri', `AI (${ai}) value has broken percent-encoding`, { ai });
    if (index === start) {
      const gtin = readGtin(value);
      if (!gtin.ok) return gtin;
      fields.push({ ai, value: gtin.value });
      continue;
    }
    const qualifier = GTIN_QUALIFIERS.indexOf(ai);
    if (qualifier < 0) return fail('bad_uri', `AI (${ai}) cannot follow a GTIN in the path; data attributes go in the query string`, { ai });
    if (qualifier <= lastQualifier) return fail('bad_uri', `GTIN qualifiers must come in the order 22, 10, 21; (${ai}) is out of order`, { ai });
    lastQualifier = qualifier;
    fields.push({ ai, value });
  }
  return succeed(fields);
}

/** Digital Links may shorten the GTIN to its 8, 12 or 13 digits; element strings need all 14. */
function readGtin(value: string): Gs1Result<string> {
  if (!/^(\d{8}|\d{12,14})$/.test(value)) return fail('bad_format', `GTIN "${value}" must have 8, 12, 13 or 14 digits`, { ai: '01' });
  if (!isValidGtin(value)) return fail('bad_check_digit', `GTIN ${value} has a wrong check digit`, { ai: '01' });
  return succeed(normalizeGtin(value) ?? value);
}

/** Numeric keys are AIs; anything else (linkType, context…) belongs to the resolver, not the identity. */
function readQuery(query: string): Gs1Result<AiField[]> {
  const fields: AiField[] = [];
  for (const pair of query.split('&')) {
    const separator = pair.indexOf('=');
    const key = separator < 0 ? pair : pair.slice(0, separator);
    if (!/^\d+$/.test(key)) continue;
    const value = percentDecode(separator < 0 ? '' : pair.slice(separator + 1));
    if (value === undefined) return fail('bad_uri', `AI (${key}) value has broken percent-encoding`, { ai: key });
    fields.push({ ai: key, value });
  }
  return succeed(fields);
}
