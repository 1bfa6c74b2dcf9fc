import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { installClaimCodeTemplates } from './claims/claim-proof.ts';
import { claimRoutes } from './claims/claims.routes.ts';
import { installComebackTemplates } from './activation/comeback-offers.ts';
import { installRecallNoticeTemplates } from './activation/notice-templates.ts';
import { installCheckLotTemplates } from './activation/check-lot-notices.ts';
import { installStaffAlertTemplates } from './activation/staff-alerts.ts';
import { registerRecallActions } from './activation/recall-actions.ts';
import { landingRoutes } from './landing/landing.routes.ts';
import { partnerRoutes } from './partners/partners.routes.ts';
import { installPartnerFollowupTemplates } from './partners/partner-followup.ts';
import { recallRoutes } from './recall.routes.ts';
import { feedRoutes } from './feeds/feeds.routes.ts';
import { markingRoutes } from './marking/marking.routes.ts';
import { productPictureRoutes } from './gpsr/product-picture.routes.ts';
import { effectivenessRoutes } from './effectiveness/effectiveness.routes.ts';
import { fsma204Routes } from './traceability/fsma204.routes.ts';
import { stopSaleRoutes } from './stop-sale/stop-sale.routes.ts';
import { startStopSaleSync } from './stop-sale/stop-sale-sync.ts';
import { startFeedFetchWorker } from './feeds/feed-sources.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(recallRoutes, ctx);
  await app.register(stopSaleRoutes, ctx);
  await app.register(landingRoutes, ctx);
  await app.register(claimRoutes, ctx);
  await app.register(partnerRoutes, ctx);
  await app.register(fsma204Routes, ctx);
  await app.register(effectivenessRoutes, ctx);
  await app.register(feedRoutes, ctx);
  await app.register(markingRoutes, ctx);
  await app.register(productPictureRoutes, ctx);
};

/** Product recalls (R1–R11): definition, impact preview, activation, stop-sale, landing page, claims and payouts. */
export const recallModule: RuntimeModule = {
  name: 'recall',
  routes,
  async startWorkers(ctx) {
    await installRecallNoticeTemplates(ctx.db);
    await installCheckLotTemplates(ctx.db);
    await installComebackTemplates(ctx.db);
    await installStaffAlertTemplates(ctx.db);
    await installClaimCodeTemplates(ctx.db);
    await installPartnerFollowupTemplates(ctx.db);
    registerRecallActions(ctx);
    // Every process that answers stop-sale checks keeps the block list in memory.
    const stopSync = await startStopSaleSync(ctx);
    const stopFeeds = await startFeedFetchWorker(ctx);
    return async () => {
      await stopFeeds();
      await stopSync();
    };
  },
};
