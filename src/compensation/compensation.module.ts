import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { budgetRoutes } from './budgets.routes.ts';
import { voucherRoutes } from './vouchers.routes.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(voucherRoutes, ctx);
  await app.register(budgetRoutes, ctx);
};

/** Compensation (decision 027): vouchers and their redemption, refunds owed, loyalty points, budgets — shared by recall, complaints and win-back. */
export const compensationModule: RuntimeModule = { name: 'compensation', routes };
