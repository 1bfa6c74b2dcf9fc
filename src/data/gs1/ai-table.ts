/**
 * The GS1 Application Identifiers Rebound understands, with the rules needed to read and check
 * their values. Titles are the GS1 data titles, so messages match what people see in the
 * GS1 General Specifications.
 */

/** Extra meaning of a value beyond its length and character set. */
export type AiValueRule = 'check-digit' | 'date' | 'date-time';

export interface AiDefinition {
  ai: string;
  title: string;
  /** Set when the value always has exactly this many characters. */
  fixedLength?: number;
  maxLength: number;
  /** Digits only; otherwise GS1 character set 82. */
  numeric: boolean;
  rule?: AiValueRule;
}

type Shape = Omit<AiDefinition, 'ai' | 'title'>;

const digits = (length: number, rule?: AiValueRule): Shape => ({ fixedLength: length, maxLength: length, numeric: true, rule });
const upToDigits = (maxLength: number): Shape => ({ maxLength, numeric: true });
const upToText = (maxLength: number): Shape => ({ maxLength, numeric: false });
/** YYMMDD where GS1 allows day 00 (AIs 11–17). */
const date: Shape = digits(6, 'date');

const NAMED: Record<string, [title: string, shape: Shape]> = {
  '00': ['SSCC', digits(18, 'check-digit')],
  '01': ['GTIN', digits(14, 'check-digit')],
  '02': ['CONTENT', digits(14, 'check-digit')],
  '10': ['BATCH/LOT', upToText(20)],
  '11': ['PROD DATE', date],
  '12': ['DUE DATE', date],
  '13': ['PACK DATE', date],
  '15': ['BEST BEFORE or BEST BY', date],
  '16': ['SELL BY', date],
  '17': ['USE BY OR EXPIRY', date],
  '20': ['VARIANT', digits(2)],
  '21': ['SERIAL', upToText(20)],
  '22': ['CPV', upToText(20)],
  '235': ['TPX', upToText(28)],
  '240': ['ADDITIONAL ID', upToText(30)],
  '241': ['CUST. PART No.', upToText(30)],
  '242': ['MTO VARIANT', upToDigits(6)],
  '243': ['PCN', upToText(20)],
  '250': ['SECONDARY SERIAL', upToText(30)],
  '251': ['REF. TO SOURCE', upToText(30)],
  '254': ['GLN EXTENSION COMPONENT', upToText(20)],
  '30': ['VAR. COUNT', upToDigits(8)],
  '37': ['COUNT', upToDigits(8)],
  '400': ['ORDER NUMBER', upToText(30)],
  '401': ['GINC', upToText(30)],
  '402': ['GSIN', digits(17, 'check-digit')],
  '410': ['SHIP TO LOC', digits(13, 'check-digit')],
  '411': ['BILL TO', digits(13, 'check-digit')],
  '412': ['PURCHASE FROM', digits(13, 'check-digit')],
  '413': ['SHIP FOR LOC', digits(13, 'check-digit')],
  '414': ['LOC No.', digits(13, 'check-digit')],
  '415': ['PAY TO', digits(13, 'check-digit')],
  '416': ['PROD/SERV LOC', digits(13, 'check-digit')],
  '417': ['PARTY', digits(13, 'check-digit')],
  '420': ['SHIP TO POST', upToText(20)],
  '422': ['ORIGIN', digits(3)],
  '7003': ['EXPIRY TIME', digits(10, 'date-time')],
  '8004': ['GIAI', upToText(30)],
  '90': ['INTERNAL', upToText(30)],
};

/**
 * Measures: the fourth digit says where the decimal point goes (3103 = kg with 3 decimals),
 * so each base stands for six AIs.
 */
const MEASURES: Record<string, string> = {
  '310': 'NET WEIGHT (kg)',
  '311': 'LENGTH (m)',
  '312': 'WIDTH (m)',
  '313': 'HEIGHT (m)',
  '314': 'AREA (m²)',
  '315': 'NET VOLUME (l)',
  '316': 'NET VOLUME (m³)',
  '330': 'GROSS WEIGHT (kg)',
};

/**
 * 91–99 are company internal. Russia's Chestny ZNAK marking puts its crypto tail here:
 * 91 verification key, 92 verification code (44 or 88 base64 characters), 93 short code.
 */
const INTERNAL_CRYPTO_AIS = ['91', '92', '93', '94', '95', '96', '97', '98', '99'];

function buildTable(): Map<string, AiDefinition> {
  const table = new Map<string, AiDefinition>();
  for (const [ai, [title, shape]] of Object.entries(NAMED)) table.set(ai, { ai, title, ...shape });
  for (const [base, title] of Object.entries(MEASURES)) {
    for (let decimals = 0; decimals <= 5; decimals++) {
      const ai = `${base}${decimals}`;
      table.set(ai, { ai, title, ...digits(6) });
    }
  }
  for (const ai of INTERNAL_CRYPTO_AIS) table.set(ai, { ai, title: 'INTERNAL', ...upToText(90) });
  return table;
}

export const AI_TABLE: ReadonlyMap<string, AiDefinition> = buildTable();

/**
 * AIs are 2–4 digits and none is a prefix of another, so the first match while growing
 * the candidate is the only one.
 */
export function findAiAt(text: string, index: number): AiDefinition | undefined {
  for (let length = 2; length <= 4; length++) {
    const candidate = text.slice(index, index + length);
    if (candidate.length < length || !/^\d+$/.test(candidate)) return undefined;
    const definition = AI_TABLE.get(candidate);
    if (definition) return definition;
  }
  return undefined;
}

/**
 * GS1 General Specifications, table of element strings with predefined length: AIs starting
 * with these two digits have a length every reader knows in advance, so no FNC1/GS follows them. Every other AI ends at a GS
 * or at the end of the data, even when its own length is fixed (422, 7003…).
 */
const PREDEFINED_LENGTH_PREFIXES = new Set([
  '00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20',
  '31', '32', '33', '34', '35', '36', '41',
]);

export function hasPredefinedLength(ai: string): boolean {
  return PREDEFINED_LENGTH_PREFIXES.has(ai.slice(0, 2));
}
