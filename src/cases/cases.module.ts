import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { caseActivityRoutes } from './case-activity.routes.ts';
import { caseAttachmentRoutes } from './case-attachments.routes.ts';
import { caseSettingsRoutes } from './case-settings.routes.ts';
import { calendarSettingsRoutes } from './sla/calendar-settings.routes.ts';
import { casesRoutes } from './cases.routes.ts';
import { installCaseNotificationTemplate } from './notification-emails.ts';
import { startSlaSweepWorker } from './sla/sweep.job.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(casesRoutes, ctx);
  await app.register(caseActivityRoutes, ctx);
  await app.register(caseAttachmentRoutes, ctx);
  await app.register(caseSettingsRoutes, ctx);
  await app.register(calendarSettingsRoutes, ctx);
};

/** Cases (P4): the generic case with stage, owner, SLA on business time, links, comments, attachments, timeline. */
export const casesModule: RuntimeModule = {
  name: 'cases',
  routes,
  async startWorkers(ctx) {
    await installCaseNotificationTemplate(ctx.db);
    return startSlaSweepWorker(ctx);
  },
};
