import { AI_TABLE } from './ai-table.ts';
import { findAiValueProblem } from './ai-value.ts';
import { gtinFromEpc, glnFromEpc, ssccFromEpc } from './epc-keys.ts';
import { percentDecode } from './percent-decode.ts';
import { fail, succeed, type Gs1Result } from './result.ts';

/** What an EPC URI in an EPCIS event names, with GS1 keys rebuilt in full (check digit included). */
export type EpcIdentity =
  | { kind: 'sgtin'; gtin: string; serial: string }
  | { kind: 'lgtin'; gtin: string; lot: string }
  | { kind: 'gtin-class'; gtin: string }
  | { kind: 'sgln'; gln: string; extension?: string }
  | { kind: 'sscc'; sscc: string }
  /** Any other EPC (grai, giai, pgln…) kept as written; EPCIS uses them, Rebound need not understand them. */
  | { kind: 'other'; scheme: string; value: string };

const EPC_URN = /^urn:epc:(id|class|idpat):([a-z0-9-]+):(.+)$/i;

/** An SGLN extension of "0" is the EPC way of saying "no extension". */
const NO_SGLN_EXTENSION = '0';

/**
 * Reads an EPC Tag Data Standard URI (urn:epc:id:sgtin:0614141.107346.2017 and friends).
 * Schemes other than sgtin, lgtin, sgln and sscc come back as kind "other", not as errors,
 * because EPCIS events legitimately carry them.
 */
export function parseEpcUri(uri: string): Gs1Result<EpcIdentity> {
  const trimmed = uri.trim();
  if (trimmed.length === 0) return fail('empty', 'the EPC URI is empty');
  const match = EPC_URN.exec(trimmed);
  if (!match) return fail('bad_uri', `not an EPC URI (urn:epc:id|class|idpat:…): ${trimmed}`);
  const [, rawKind = '', rawScheme = '', body = ''] = match;
  const kind = rawKind.toLowerCase();
  const scheme = rawScheme.toLowerCase();
  const parts = body.split('.');
  switch (`${kind}:${scheme}`) {
    case 'id:sgtin':
      return readSgtin(parts, trimmed);
    case 'class:lgtin':
      return readLgtin(parts, trimmed);
    case 'idpat:sgtin':
      return readGtinClass(parts, body);
    case 'id:sgln':
      return readSgln(parts, trimmed);
    case 'id:sscc':
      return readSscc(parts, trimmed);
    default:
      // "grai" for urn:epc:id:grai, "class:…"/"idpat:…" otherwise, so an id scheme is never mistaken for a pattern.
      return succeed({ kind: 'other', scheme: kind === 'id' ? scheme : `${kind}:${scheme}`, value: body });
  }
}

function readSgtin(parts: string[], uri: string): Gs1Result<EpcIdentity> {
  const [companyPrefix = '', itemReference = '', escapedSerial, ...extra] = parts;
  if (escapedSerial === undefined || extra.length > 0) return wrongShape(uri, 'CompanyPrefix.IndicatorItemRef.Serial');
  const gtin = gtinFromEpc(companyPrefix, itemReference);
  if (!gtin.ok) return gtin;
  const serial = readEscapedValue('21', escapedSerial);
  if (!serial.ok) return serial;
  return succeed({ kind: 'sgtin', gtin: gtin.value, serial: serial.value });
}

function readLgtin(parts: string[], uri: string): Gs1Result<EpcIdentity> {
  const [companyPrefix = '', itemReference = '', escapedLot, ...extra] = parts;
  if (escapedLot === undefined || extra.length > 0) return wrongShape(uri, 'CompanyPrefix.IndicatorItemRef.Lot');
  const gtin = gtinFromEpc(companyPrefix, itemReference);
  if (!gtin.ok) return gtin;
  const lot = readEscapedValue('10', escapedLot);
  if (!lot.ok) return lot;
  return succeed({ kind: 'lgtin', gtin: gtin.value, lot: lot.value });
}

/** Only "Prefix.ItemRef.*" names one GTIN; wider patterns ("Prefix.*.*") stay "other". */
function readGtinClass(parts: string[], body: string): Gs1Result<EpcIdentity> {
  const [companyPrefix = '', itemReference = '', serial, ...extra] = parts;
  if (serial !== '*' || extra.length > 0 || itemReference === '*' || companyPrefix === '*') {
    return succeed({ kind: 'other', scheme: 'idpat:sgtin', value: body });
  }
  const gtin = gtinFromEpc(companyPrefix, itemReference);
  if (!gtin.ok) return gtin;
  return succeed({ kind: 'gtin-class', gtin: gtin.value });
}

function readSgln(parts: string[], uri: string): Gs1Result<EpcIdentity> {
  const [companyPrefix = '', locationReference = '', escapedExtension, ...extra] = parts;
  if (escapedExtension === undefined || extra.length > 0) return wrongShape(uri, 'CompanyPrefix.LocationRef.Extension');
  const gln = glnFromEpc(companyPrefix, locationReference);
  if (!gln.ok) return gln;
  if (escapedExtension === NO_SGLN_EXTENSION) return succeed({ kind: 'sgln', gln: gln.value });
  const extension = readEscapedValue('254', escapedExtension);
  if (!extension.ok) return extension;
  return succeed({ kind: 'sgln', gln: gln.value, extension: extension.value });
}

function readSscc(parts: string[], uri: string): Gs1Result<EpcIdentity> {
  const [companyPrefix = '', serialReference, ...extra] = parts;
  if (serialReference === undefined || extra.length > 0) return wrongShape(uri, 'CompanyPrefix.SerialRef');
  const sscc = ssccFromEpc(companyPrefix, serialReference);
  if (!sscc.ok) return sscc;
  return succeed({ kind: 'sscc', sscc: sscc.value });
}

/** Serial, lot and extension are URI-escaped (%2F for "/"), then must be valid values of their AI. */
function readEscapedValue(ai: string, escaped: string): Gs1Result<string> {
  const value = percentDecode(escaped);
  if (value === undefined) return fail('bad_uri', `"${escaped}" has broken percent-encoding`, { ai });
  const definition = AI_TABLE.get(ai);
  // Dates play no part in these AIs, so the clock reading does not matter.
  const problem = definition && findAiValueProblem(definition, value, new Date());
  return problem ? { ok: false, error: problem } : succeed(value);
}

function wrongShape(uri: string, expected: string): Gs1Result<never> {
  return fail('bad_format', `${uri} should end in ${expected}`);
}
