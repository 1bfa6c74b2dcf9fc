import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';

/** A brand's own sender (products.brand names the brand). */
export interface BrandSender {
  brand: string;
  sender_name: string | null;
  sender_email: string | null;
}

export const COMPANY_FIELDS = [
  'legal_name', 'address', 'city', 'postal_code', 'country',
  'safety_contact_name', 'safety_contact_email', 'safety_contact_phone',
  'brand_name', 'sender_name', 'sender_email',
] as const;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

/** Who the company is. Every field may be unset (null): nothing here is ever guessed. */
export type CompanyProfile = { [F in CompanyField]: string | null };

export interface CompanySettings extends CompanyProfile {
  brands: BrandSender[];
  updated_at: Date | null;
  updated_by: string | null;
}

const EMPTY: CompanyProfile = Object.fromEntries(COMPANY_FIELDS.map((f) => [f, null])) as CompanyProfile;

export async function getCompanySettings(db: Db): Promise<CompanySettings> {
  const [row] = await db.query<CompanyProfile & { updated_at: Date; updated_by: string | null }>(
    `SELECT ${COMPANY_FIELDS.join(', ')}, updated_at, updated_by FROM company_settings WHERE id = 1`);
  const brands = await db.query<BrandSender>('SELECT brand, sender_name, sender_email FROM company_brands ORDER BY brand');
  return { ...EMPTY, updated_at: null, updated_by: null, ...row, brands };
}

/** Blank text is "not set": a field cleared in the form must not become an empty name in a From header. */
const clean = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * Replaces the settings and the brand senders as one change (the console's form sends the
 * whole set), audited. A brand listed twice is refused rather than one silently winning.
 */
export async function saveCompanySettings(db: Db, clock: Clock, actor: Actor, input: Partial<CompanyProfile> & { brands?: Partial<BrandSender>[] }): Promise<CompanySettings> {
  const profile = Object.fromEntries(COMPANY_FIELDS.map((f) => [f, clean(input[f])])) as CompanyProfile;
  if (profile.country) profile.country = profile.country.toUpperCase();
  const brands = (input.brands ?? []).map((b) => ({ brand: clean(b.brand), sender_name: clean(b.sender_name), sender_email: clean(b.sender_email) }));
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  brands.forEach((b, i) => {
    if (!b.brand) errors.push({ field: `body.brands.${i}.brand`, message: 'name the brand' });
    else if (seen.has(b.brand.toLowerCase())) errors.push({ field: `body.brands.${i}.brand`, message: `${b.brand} is listed twice` });
    else seen.add(b.brand.toLowerCase());
    if (!b.sender_name && !b.sender_email) errors.push({ field: `body.brands.${i}`, message: 'give the brand a sender name, a sender address or both' });
  });
  if (errors.length) throw new AppError('invalid', errors.map((e) => e.message).join('; '), 'company.invalid_brands', { errors });
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO company_settings (id, ${COMPANY_FIELDS.join(', ')}, updated_at, updated_by)
       VALUES (1, ${COMPANY_FIELDS.map((_, i) => `$${i + 1}`).join(', ')}, $${COMPANY_FIELDS.length + 1}, $${COMPANY_FIELDS.length + 2})
       ON CONFLICT (id) DO UPDATE SET ${COMPANY_FIELDS.map((f) => `${f} = EXCLUDED.${f}`).join(', ')}, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [...COMPANY_FIELDS.map((f) => profile[f]), clock.now(), actor.label],
    );
    await tx.query('DELETE FROM company_brands');
    if (brands.length) {
      await tx.query(
        `INSERT INTO company_brands (brand, sender_name, sender_email)
         SELECT brand, sender_name, sender_email FROM jsonb_to_recordset($1::jsonb) AS r(brand text, sender_name text, sender_email text)`,
        [JSON.stringify(brands)],
      );
    }
    await recordAudit(tx, actor, { action: 'update', entity: 'company_settings', entityId: 1, details: { ...profile, brands } });
    return getCompanySettings(tx);
  });
}

/** The sender of a consumer e-mail, and where it came from, so the console can say which applies. */
export interface Sender {
  name: string | null;
  /** null: the configuration's SMTP_FROM address. */
  address: string | null;
  source: 'brand' | 'company' | 'SMTP_FROM';
}

/**
 * The brand's sender where the message speaks for a brand that has one, else the company's;
 * a name without an address keeps SMTP_FROM's address (the mail server may only accept that
 * one); nothing set at all is SMTP_FROM as configured.
 */
export function senderFor(settings: CompanySettings, brand?: string | null): Sender {
  const own = brand ? settings.brands.find((b) => b.brand.toLowerCase() === brand.toLowerCase()) : undefined;
  if (own) return { name: own.sender_name ?? settings.sender_name ?? own.brand, address: own.sender_email ?? settings.sender_email, source: 'brand' };
  const name = settings.sender_name ?? settings.brand_name;
  if (name || settings.sender_email) return { name: name ?? settings.legal_name, address: settings.sender_email, source: 'company' };
  return { name: null, address: null, source: 'SMTP_FROM' };
}
