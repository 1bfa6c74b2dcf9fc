import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';

/** What a module hears when a customer finishes a survey about a case. */
export interface CompletedSurvey {
  invitationId: number;
  surveyKey: string;
  customerId: number;
  caseId: string;
  /** How the customer knows the case: its business key (e.g. "CMP-000042") or the case id. */
  caseReference: string;
  caseType: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  /** The free-text answer, when the survey asked one ("What should we have done differently?"). */
  comment: string | null;
}

/**
 * Runs inside the transaction that saves the last answer, so what a handler writes (a
 * message to the waiting process) commits exactly with the response. Throwing rolls the
 * response back and the customer sees an error: a handler skips what it does not apply to.
 */
export type SurveyCompletedHandler = (tx: Db, ctx: AppContext, completed: CompletedSurvey) => Promise<void>;

const handlers = new Map<string, SurveyCompletedHandler>();

/**
 * Lets the process that resolved a case hear the customer's verdict (a dissatisfied answer
 * reopens a complaint) without surveys knowing processes; wired in src/case-lifecycle.ts.
 * Returns a function that removes the handler again.
 */
export function onSurveyCompleted(name: string, handler: SurveyCompletedHandler): () => void {
  if (handlers.has(name)) throw new Error(`a survey-completed handler named "${name}" is already registered`);
  handlers.set(name, handler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

export async function runSurveyCompletedHandlers(tx: Db, ctx: AppContext, completed: CompletedSurvey): Promise<void> {
  // One after another: PGlite has one connection.
  for (const handler of handlers.values()) await handler(tx, ctx, completed);
}
