import { getCompanySettings, senderFor, type CompanySettings } from '../../company/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { mailbox } from './contact-address.ts';

/** Who an e-mail comes from and speaks for. */
export interface Branding {
  /** The From header. */
  from: string;
  /** The name at the top of the message; null when the company has not named itself. */
  brand: string | null;
  /** The company's legal name and address for the small print; empty when not set. */
  footer: string[];
}

/** Picks the branding of a message by the brand it speaks for (none: the company's). */
export type BrandingOf = (brand?: string | null) => Branding;

/** The message variable an enqueuer sets to send on behalf of one of the company's brands. */
export const SENDER_BRAND_VARIABLE = 'sender_brand';

/**
 * Branding from the company settings; SMTP_FROM where they name no sender, and its address
 * where they name a sender without one.
 */
export function brandingFrom(settings: CompanySettings, smtpFrom: string): BrandingOf {
  const fallbackAddress = /<([^<>]+)>\s*$/.exec(smtpFrom)?.[1] ?? smtpFrom.trim();
  // Address order differs by country; comma-separated parts read right everywhere.
  const place = [settings.address, settings.city, settings.postal_code, settings.country].filter(Boolean).join(', ');
  const footer = [settings.legal_name, place].filter((line): line is string => !!line);
  return (brand) => {
    const sender = senderFor(settings, brand);
    const from = sender.source === 'SMTP_FROM' ? smtpFrom : mailbox(sender.name, sender.address ?? fallbackAddress);
    const own = sender.source === 'brand' ? settings.brands.find((b) => b.brand.toLowerCase() === brand!.toLowerCase())!.brand : null;
    return { from, brand: own ?? settings.brand_name ?? settings.legal_name, footer };
  };
}

export async function loadBranding(db: Db, smtpFrom: string): Promise<BrandingOf> {
  return brandingFrom(await getCompanySettings(db), smtpFrom);
}
