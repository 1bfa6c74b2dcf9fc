import type { AppContext } from './context.ts';

/** Who a consumer deals with: the name on public pages (and, later, its logo and colours). */
export interface Brand {
  name: string;
}

type BrandSource = (ctx: Pick<AppContext, 'config' | 'db'>) => Promise<string | null>;
let brandSource: BrandSource | undefined;

/**
 * The company module (Settings → Company) names the brand; the platform cannot import a
 * domain module, so the module hands its reader in when it loads.
 */
export function useBrandSource(source: BrandSource): void {
  brandSource = source;
}

/**
 * The brand public pages show: the brand name from company settings, else the display name
 * of the e-mail sender (SMTP_FROM, "Acme Care <care@acme.example>" → "Acme Care"), so a
 * page and the mail that linked to it carry the same name. Every public page asks here.
 */
export async function brandOf(ctx: Pick<AppContext, 'config' | 'db'>): Promise<Brand> {
  // A page about a broken link must still render when the settings cannot be read: the
  // sender's name is the same brand people saw in the mail.
  const named = brandSource ? await brandSource(ctx).catch(() => null) : null;
  if (named) return { name: named };
  const from = ctx.config.SMTP_FROM.trim();
  const display = /^"?([^"<]*?)"?\s*<[^>]*>$/.exec(from)?.[1]?.trim();
  return { name: display || from.replace(/@.*$/, '') || 'Rebound' };
}
