import type { FastifyPluginAsync } from 'fastify';
import { registerAction } from '../engine/index.ts';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { Type } from '@sinclair/typebox';
import { deliveryRoutes } from './delivery.routes.ts';
import { deliveryDashboardRoutes } from './dashboard/dashboard.routes.ts';
import { startDelaySweepWorker } from './detection/sweep.job.ts';
import { webhookRoutes } from './events/webhooks.routes.ts';
import { resolveIncident } from './incidents/incidents.ts';
import { registerBudgetApprovalGuard } from './compensation/budget-approval.ts';
import { installDelayNoticeTemplates } from './notices/delay-notice-templates.ts';
import { installDeliveredApologyTemplates } from './notices/send-delivered-apologies.ts';
import { trackerPageRoutes } from './public/tracker-page.routes.ts';
import { statusPageAdminRoutes } from './public/status-page-admin.routes.ts';
import { statusPageRoutes } from './public/status-page.routes.ts';
import { installStatusPageTemplates } from './public/status-page.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(deliveryRoutes, ctx);
  await app.register(deliveryDashboardRoutes, ctx);
  // Its own plugin: webhook bodies stay raw bytes until their signature is checked.
  await app.register(webhookRoutes, ctx);
  // Public: opened only by the signed link in a customer's delay notice.
  await app.register(trackerPageRoutes, ctx);
  // An incident's status page: staff write it; the public reads it once published.
  await app.register(statusPageAdminRoutes, ctx);
  await app.register(statusPageRoutes, ctx);
};

/** Delivery delays (D1, D8): carrier events in, delays detected, incidents grouped and worked through processes/delivery-incident.bpmn. */
export const deliveryModule: RuntimeModule = {
  name: 'delivery',
  routes,
  async startWorkers(ctx) {
    await installDelayNoticeTemplates(ctx.db);
    await installDeliveredApologyTemplates(ctx.db);
    await installStatusPageTemplates(ctx.db);
    registerBudgetApprovalGuard(ctx.clock);
    registerAction({
      name: 'delivery.resolveIncident',
      description: 'Closes a delivery-delay incident after its post-incident review',
      input: Type.Object({ incidentId: Type.Integer() }),
      async handler({ incidentId }, call) {
        await resolveIncident(call.db, call.clock, { kind: 'system', label: `process instance ${call.instanceId}` }, incidentId);
      },
    });
    return startDelaySweepWorker(ctx);
  },
};
