import type { RuntimeModule } from '../platform/modules/module.ts';
import { companyRoutes } from './company.routes.ts';

/** The company behind the messages and reports: profile, safety contact, brands and senders. */
export const companyModule: RuntimeModule = { name: 'company', routes: companyRoutes };
