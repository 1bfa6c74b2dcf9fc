import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { smsDeliveryReportsRoutes } from './channels/sms-delivery-reports.routes.ts';
import { webhookEndpointsRoutes } from './channels/webhook-endpoints.routes.ts';
import { mailboxRoutes } from './mailbox/mailbox.routes.ts';
import { startDeliveryWorkers } from './outbox/delivery-workers.ts';
import { outboxRoutes } from './outbox/outbox.routes.ts';
import { ensureShippedTemplates } from './templates/shipped-templates.ts';
import { templatesRoutes } from './templates/templates.routes.ts';
import { publicLinksRoutes } from './tracking/public-links.routes.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(templatesRoutes, ctx);
  await app.register(outboxRoutes, ctx);
  await app.register(webhookEndpointsRoutes, ctx);
  await app.register(smsDeliveryReportsRoutes, ctx);
  await app.register(mailboxRoutes, ctx);
  await app.register(publicLinksRoutes, ctx);
};

/** Communications (P5): templates, the outbox and its delivery workers, channels, consent. */
export const commsModule: RuntimeModule = {
  name: 'comms',
  routes,
  async startWorkers(ctx) {
    await ensureShippedTemplates(ctx.db);
    const workers = await startDeliveryWorkers(ctx);
    return () => workers.stop();
  },
};
