import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { ensureInvitationTemplate } from './invitation-template.ts';
import { surveyPageRoutes } from './survey-page.routes.ts';
import { surveysRoutes } from './surveys.routes.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(surveysRoutes, ctx);
  await app.register(surveyPageRoutes, ctx);
};

/** Surveys (P6): CSAT, NPS, CES after a case is resolved; the public survey page; results. */
export const surveysModule: RuntimeModule = {
  name: 'surveys',
  routes,
  async startWorkers(ctx) {
    // The shipped invitation template, in every language that has none yet.
    await ensureInvitationTemplate(ctx.db);
    return async () => undefined;
  },
};
