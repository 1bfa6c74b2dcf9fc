import type { RuntimeModule } from '../platform/modules/module.ts';
import { useBrandSource } from '../platform/http/brand.ts';
import { getCompanySettings } from './company-settings.ts';
import { companyRoutes } from './company.routes.ts';

// Public pages (survey, unsubscribe, broken links) show the brand the company set.
useBrandSource(async (ctx) => {
  const settings = await getCompanySettings(ctx.db);
  return settings.brand_name ?? settings.legal_name ?? null;
});

/** The company behind the messages and reports: profile, safety contact, brands and senders. */
export const companyModule: RuntimeModule = { name: 'company', routes: companyRoutes };
