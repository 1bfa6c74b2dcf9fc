import type { RuntimeModule } from '../platform/modules/module.ts';
import { registerComplaintActions } from './complaint-actions.ts';
import { complaintRoutes } from './complaints.routes.ts';
import { installComplaintTemplates } from './reply-templates.ts';

/** Complaint handling (C1–C6): intake, processes/complaint.bpmn, goodwill, restless customers. */
export const complaintsModule: RuntimeModule = {
  name: 'complaints',
  routes: complaintRoutes,
  async startWorkers(ctx) {
    await installComplaintTemplates(ctx.db);
    registerComplaintActions(ctx);
    return async () => {};
  },
};
