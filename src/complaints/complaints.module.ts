import type { RuntimeModule } from '../platform/modules/module.ts';
import { registerComplaintActions } from './complaint-actions.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import { complaintPromiseRoutes } from './complaint-promise.routes.ts';
import { complaintRoutes } from './complaints.routes.ts';
import { publicComplaintAttachmentRoutes } from './public-attachments.routes.ts';
import { installComplaintTemplates } from './reply-templates.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  await app.register(complaintRoutes, ctx);
  await app.register(complaintPromiseRoutes, ctx);
  // Its own plugin: every body there stays a raw stream (the file).
  await app.register(publicComplaintAttachmentRoutes, ctx);
};

/** Complaint handling (C1–C6): intake, processes/complaint.bpmn, goodwill, restless customers. */
export const complaintsModule: RuntimeModule = {
  name: 'complaints',
  routes,
  async startWorkers(ctx) {
    await installComplaintTemplates(ctx.db);
    registerComplaintActions(ctx);
    return async () => {};
  },
};
