import { collectAiFields, type AiField } from './ai-fields.ts';
import { splitBracketedElementString } from './bracketed-element-string.ts';
import { identityFromAis } from './identity.ts';
import { GROUP_SEPARATOR, splitRawElementString } from './raw-element-string.ts';
import { fail, type Gs1Identity, type Gs1ParseOptions, type Gs1Result } from './result.ts';

/**
 * Symbology identifiers a scanner may prefix to GS1 data (ISO/IEC 15424): GS1 DataMatrix,
 * GS1 QR Code, GS1-128, GS1 DataBar, GS1 DotCode. They say "GS1 data follows" and are not data.
 */
const GS1_SYMBOLOGY_IDENTIFIERS = [']d2', ']Q3', ']C1', ']e0', ']J1'];

/**
 * Reads a GS1 element string — as scanned (GS separators, optional symbology identifier) or
 * bracketed "(01)…(21)…" — into a product identity. Every value is validated; AI 01 is required.
 */
export function parseElementString(input: string, options: Gs1ParseOptions = {}): Gs1Result<Gs1Identity> {
  const now = options.now ?? new Date();
  const fields = splitElementString(input);
  if (!fields.ok) return fields;
  const ais = collectAiFields(fields.value, now);
  if (!ais.ok) return ais;
  return identityFromAis(ais.value, now);
}

/** Either element string form → fields, positions counted in `input` as given. */
export function splitElementString(input: string): Gs1Result<AiField[]> {
  // Scanners in keyboard mode end with CR/LF; whitespace is never part of GS1 data.
  let offset = input.length - input.trimStart().length;
  let text = input.trim();
  const symbologyIdentifier = GS1_SYMBOLOGY_IDENTIFIERS.find((prefix) => text.startsWith(prefix));
  if (symbologyIdentifier) {
    text = text.slice(symbologyIdentifier.length);
    offset += symbologyIdentifier.length;
  }
  if (text.replaceAll(GROUP_SEPARATOR, '').length === 0) return fail('empty', 'the code is empty');
  return text.startsWith('(') ? splitBracketedElementString(text, offset) : splitRawElementString(text, offset);
}
