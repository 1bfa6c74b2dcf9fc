import type { RuntimeModule } from '../platform/modules/module.ts';
import { registerCoreErasers } from './erasure/core-erasers.ts';
import { installErasureTemplates, registerErasureActions } from './erasure/erasure-requests.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import { consentPageRoutes, installPreferencesLinkTemplates } from './consent/consent-page.routes.ts';
import { privacyRoutes } from './privacy.routes.ts';
import { startRetentionWorker } from './retention/retention.job.ts';

registerCoreErasers();

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(privacyRoutes, ctx);
  await app.register(consentPageRoutes, ctx);
};

/** Privacy (P8): data-subject access and erasure; what the law keeps, pseudonymised with its reason (decision 031); retention per kind of data, applied nightly (decision 032). */
export const privacyModule: RuntimeModule = {
  name: 'privacy',
  routes,
  async startWorkers(ctx) {
    await installErasureTemplates(ctx.db);
    await installPreferencesLinkTemplates(ctx.db);
    registerErasureActions(ctx);
    return startRetentionWorker(ctx);
  },
};
