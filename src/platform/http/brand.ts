import type { AppContext } from './context.ts';

/** Who a consumer deals with: the name on public pages (and, later, its logo and colours). */
export interface Brand {
  name: string;
}

/**
 * The brand public pages show. Today it is the display name of the e-mail sender
 * (SMTP_FROM, "Acme Care <care@acme.example>" → "Acme Care"), so a page and the mail that
 * linked to it carry the same name. The one place to change when company settings hold the
 * brand: every public page asks here.
 */
export async function brandOf(ctx: Pick<AppContext, 'config'>): Promise<Brand> {
  const from = ctx.config.SMTP_FROM.trim();
  const display = /^"?([^"<]*?)"?\s*<[^>]*>$/.exec(from)?.[1]?.trim();
  return { name: display || from.replace(/@.*$/, '') || 'Rebound' };
}
