/**
 * The process engine: BPMN deployed in versions, instances persisted in PostgreSQL after
 * every step (bpmn-engine underneath), user tasks with forms, durable timers, messages,
 * service tasks calling registered actions, business-rule tasks calling src/rules.
 */
export { startInstance, type StartInstanceInput, type StartedInstance } from './runtime/start-instance.ts';
export { startInstances, type StartInstancesInput, type StartInstancesItem } from './runtime/start-instances.ts';
export { correlateMessage, type CorrelateMessageInput, type CorrelationResult } from './runtime/correlate-message.ts';
export { registerAction, listActions, PermanentActionError, type ActionDefinition, type ActionCall } from './actions/action-catalogue.ts';
export { listTasks, getTask, claimTask, completeTask, reassignTask, type TaskView, type TaskFilter } from './tasks/tasks.sql.ts';
export { taskWorkerOf, type TaskWorker } from './tasks/task-worker.ts';
export { registerTaskGuard, type TaskGuard, type GuardedTask } from './tasks/task-guards.ts';
export { instanceTimeline, processEventsForBusinessKey, getInstance, listInstances, type ProcessEvent, type InstanceView } from './runtime/timeline.ts';
export { deployProcess, type DeployedProcess } from './definitions/deploy-process.ts';
export { listVersions as listProcessVersions } from './definitions/definitions.sql.ts';
export { plannedActionInputs } from './definitions/planned-action-inputs.ts';
export { deployDecision, evaluateDeployedDecision, latestModelWithDecision, latestDecisionXml } from './decisions/decisions.sql.ts';
export { deployForm } from './forms/forms.sql.ts';
export { fireDueTimers } from './timers/fire-due-timers.ts';
export { runDueActionCalls, openActionCalls } from './actions/run-action-calls.ts';
export { retryIncident, listIncidents } from './runtime/incidents.ts';
export type { EngineDeps } from './runtime/step-instance.ts';
export { engineModule } from './engine.module.ts';
