import type { StoredCondition } from '../conditions/condition.ts';
import type { ElementProblem } from './element-problems.ts';

/**
 * What Rebound reads from a BPMN model at deploy, stored with the definition version
 * (engine_definitions.model) so that running an instance never has to walk the XML again.
 */
export interface UserTaskSettings {
  name: string | null;
  assignee: string | null;
  candidateRoles: string[];
  candidateGroups: string[];
  priority: number;
  /** ISO 8601 duration from the task's creation, or an ISO date. */
  dueIn: string | null;
  formKey: string | null;
  /** The form version the key resolved to when this definition was deployed. */
  formId: number | null;
}

export interface ActionTaskSettings {
  name: string | null;
  action: string;
  /** A FEEL context expression building the action's input; all variables when absent. */
  input: string | null;
  /** Where the output goes; merged into the variables when absent. */
  resultVariable: string | null;
  maxAttempts: number;
}

export interface DecisionTaskSettings {
  name: string | null;
  decisionKey: string;
  /** A decision id or name inside the DMN file; its first decision when absent. */
  decision: string | null;
  resultVariable: string;
}

export interface MessageWait {
  messageRef: string;
  messageName: string;
}

export interface TimerStart {
  activityId: string;
  timerType: 'timeDuration' | 'timeDate' | 'timeCycle';
  value: string;
}

/** A boundary timer on a user task that escalates it (SLA breach). */
export interface Escalation {
  attachedTo: string;
  toRole: string | null;
  notifyRole: string | null;
}

export interface ProcessModel {
  processId: string;
  name: string | null;
  executable: boolean;
  /** What cannot run, per element with its line: a non-executable model is stored for viewing with this list. */
  cannotRun?: ElementProblem[];
  activities: Record<string, { type: string; name: string | null }>;
  userTasks: Record<string, UserTaskSettings>;
  actionTasks: Record<string, ActionTaskSettings>;
  decisionTasks: Record<string, DecisionTaskSettings>;
  messageWaits: Record<string, MessageWait>;
  messageStarts: (MessageWait & { activityId: string })[];
  timerStarts: TimerStart[];
  escalations: Record<string, Escalation>;
  hasNoneStart: boolean;
  /** Sequence-flow and conditional-event conditions by element id, as FEEL; absent on versions deployed before decision 023. */
  conditions?: Record<string, StoredCondition>;
}
