/**
 * CBV (Core Business Vocabulary) values arrive in three spellings that mean the same thing:
 * the bare word EPCIS 2.0 JSON uses ("shipping"), the EPCIS 1.x URN
 * ("urn:epcglobal:cbv:bizstep:shipping") and the GS1 Web URI
 * ("https://ref.gs1.org/cbv/BizStep-shipping", or "cbv:BizStep-shipping" compacted by a
 * JSON-LD tool). Rebound stores the bare word so that a query compares one value; a
 * company's own URI (not CBV) is kept whole.
 */

interface CbvSpellings {
  urnPrefix: string;
  webTerm: string;
}

const BIZ_STEP: CbvSpellings = { urnPrefix: 'urn:epcglobal:cbv:bizstep:', webTerm: 'BizStep' };
const DISPOSITION: CbvSpellings = { urnPrefix: 'urn:epcglobal:cbv:disp:', webTerm: 'Disp' };
const SOURCE_DEST_TYPE: CbvSpellings = { urnPrefix: 'urn:epcglobal:cbv:sdt:', webTerm: 'SDT' };
const ERROR_REASON: CbvSpellings = { urnPrefix: 'urn:epcglobal:cbv:er:', webTerm: 'ER' };

function shortCbvWord(value: string, spellings: CbvSpellings): string {
  const trimmed = value.trim();
  if (trimmed.toLowerCase().startsWith(spellings.urnPrefix)) return trimmed.slice(spellings.urnPrefix.length);
  const web = new RegExp(`^(?:https?://(?:ref|ns)\\.gs1\\.org/cbv/|cbv:)${spellings.webTerm}-(.+)$`).exec(trimmed);
  if (web?.[1]) return web[1];
  return trimmed;
}

export function normaliseBizStep(value: string): string {
  return shortCbvWord(value, BIZ_STEP);
}

export function normaliseDisposition(value: string): string {
  return shortCbvWord(value, DISPOSITION);
}

/** 'location' | 'owning_party' | 'possessing_party', or the sender's own type URI. */
export function normaliseSourceDestType(value: string): string {
  return shortCbvWord(value, SOURCE_DEST_TYPE);
}

export function normaliseErrorReason(value: string): string {
  return shortCbvWord(value, ERROR_REASON);
}
