import { registerTimelineSource } from './cases/index.ts';
import { processEventsForBusinessKey } from './engine/index.ts';

/**
 * Plugs other modules' history of a case into its timeline (P4): the process instance
 * that runs the case (activities, tasks, timers), matched by the case's business key.
 * Lives here, beside the module list, so neither module has to know the other.
 */
export function registerCaseTimelineSources(): void {
  registerTimelineSource('process', async (db, caseRow) => {
    if (!caseRow.business_key) return [];
    const events = await processEventsForBusinessKey(db, caseRow.business_key);
    return events.map((event) => ({
      id: `process-event:${event.id}`,
      at: event.at,
      kind: event.event,
      summary: [event.event.replace(/[._]/g, ' '), event.activityName ?? event.activityId].filter(Boolean).join(': '),
      actor: event.actor?.label ?? null,
      data: { instanceId: event.instanceId, processId: event.processId, activityId: event.activityId, ...(event.data ?? {}) },
    }));
  });
}
