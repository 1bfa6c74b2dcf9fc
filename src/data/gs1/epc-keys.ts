import { gs1Mod10CheckDigit } from './check-digit.ts';
import { fail, succeed, type Gs1Result } from './result.ts';

/**
 * EPC pure-identity URIs split a GS1 key at the company prefix and drop the check digit (EPC Tag Data
 * Standard). These functions put the key back together. The company prefix is 6–12 digits;
 * together with the reference it always has the key's length without check digit.
 */
interface KeyLayout {
  name: string;
  /** Digits of the key without its check digit. */
  bodyLength: number;
  /** SGTIN and SSCC carry one digit (indicator, extension) at the front of the reference that goes first in the key. */
  referenceLeadsWithFirstDigit: boolean;
}

const GTIN: KeyLayout = { name: 'GTIN', bodyLength: 13, referenceLeadsWithFirstDigit: true };
const GLN: KeyLayout = { name: 'GLN', bodyLength: 12, referenceLeadsWithFirstDigit: false };
const SSCC: KeyLayout = { name: 'SSCC', bodyLength: 17, referenceLeadsWithFirstDigit: true };

/** CompanyPrefix + IndicatorItemRef → 14-digit GTIN: indicator, prefix, item reference, check digit. */
export function gtinFromEpc(companyPrefix: string, indicatorAndItemReference: string): Gs1Result<string> {
  return assembleKey(GTIN, companyPrefix, indicatorAndItemReference);
}

/** CompanyPrefix + LocationRef → 13-digit GLN. */
export function glnFromEpc(companyPrefix: string, locationReference: string): Gs1Result<string> {
  return assembleKey(GLN, companyPrefix, locationReference);
}

/** CompanyPrefix + ExtensionSerialRef → 18-digit SSCC: extension digit, prefix, serial reference, check digit. */
export function ssccFromEpc(companyPrefix: string, extensionAndSerialReference: string): Gs1Result<string> {
  return assembleKey(SSCC, companyPrefix, extensionAndSerialReference);
}

function assembleKey(layout: KeyLayout, companyPrefix: string, reference: string): Gs1Result<string> {
  if (!/^\d{6,12}$/.test(companyPrefix)) {
    return fail('bad_format', `${layout.name} company prefix "${companyPrefix}" must be 6 to 12 digits`);
  }
  if (!/^\d*$/.test(reference) || companyPrefix.length + reference.length !== layout.bodyLength) {
    return fail('bad_format', `${layout.name} reference "${reference}" must be digits making ${layout.bodyLength} with the company prefix`);
  }
  const body = layout.referenceLeadsWithFirstDigit
    ? reference.slice(0, 1) + companyPrefix + reference.slice(1)
    : companyPrefix + reference;
  return succeed(body + String(gs1Mod10CheckDigit(body)));
}
