import { dataRoutes } from './data/data.routes.ts';
import { importRoutes } from './data/import/import.routes.ts';
import { epcisImportRoutes } from './data/epcis/epcis.routes.ts';
import type { RuntimeModule } from './platform/modules/module.ts';
import { companyModule } from './company/company.module.ts';
import { commsModule } from './comms/comms.module.ts';
import { surveysModule } from './surveys/surveys.module.ts';
import { casesModule } from './cases/cases.module.ts';
import { engineModule } from './engine/engine.module.ts';
import { recallModule } from './recall/recall.module.ts';
import { compensationModule } from './compensation/compensation.module.ts';
import { complaintsModule } from './complaints/complaints.module.ts';
import { winbackModule } from './winback/winback.module.ts';
import { privacyModule } from './privacy/privacy.module.ts';
import { deliveryModule } from './delivery/delivery.module.ts';
import { registerCaseLifecycleHandlers } from './case-lifecycle.ts';
import { registerCaseTimelineSources } from './timeline-sources.ts';

/**
 * The domain modules, in dependency order. Each adds its routes and workers here; its
 * schema goes in `src/<module>/migrations/` and its name in MIGRATION_MODULES.
 */
export const MODULES: RuntimeModule[] = [
  { name: 'data', routes: dataRoutes },
  { name: 'imports', routes: importRoutes },
  { name: 'epcis', routes: epcisImportRoutes },
  companyModule,
  commsModule,
  surveysModule,
  casesModule,
  engineModule,
  recallModule,
  compensationModule,
  complaintsModule,
  winbackModule,
  deliveryModule,
  privacyModule,
];

registerCaseTimelineSources();
registerCaseLifecycleHandlers();
