/** What one step observed inside bpmn-engine, turned into Rebound rows afterwards. */
export interface ObservedEvent {
  event: 'activity.entered' | 'activity.left' | 'instance.completed' | 'instance.failed';
  activityId?: string;
  activityType?: string;
  activityName?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** An activity waiting at the end of a step: a task, an action call, a message. */
export interface Wait {
  activityId: string;
  executionId: string;
  type: string;
}

/** A timer alive at the end of a step. */
export interface LiveTimer {
  activityId: string;
  executionId: string;
  timerType: string;
  timerValue: string | null;
  expireAt: Date;
}
