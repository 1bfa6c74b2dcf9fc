import { systemActor, type Actor } from '../../platform/audit/audit.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { ProcessModel } from '../model/process-model.ts';
import { lockInstance } from './instance-row.ts';
import type { Variables } from './run-step.ts';
import { startInstance } from './start-instance.ts';
import { stepLockedInstance, type EngineDeps } from './step-instance.ts';

export interface CorrelateMessageInput {
  name: string;
  businessKey?: string | null;
  variables?: Variables;
  actor?: Actor;
}

export interface CorrelationResult {
  /** Instances that were waiting for the message and received it. */
  correlated: number[];
  /** Instances started by a message start event (only when none was waiting). */
  started: number[];
}

/**
 * Delivers a message by name and business key (e.g. `voucherRedeemed` for case 42) to every
 * instance waiting for it; when none waits, starts the latest version of each process with
 * a message start event of that name. A message nobody waits for and nothing starts on is
 * refused (404) rather than silently dropped — there is no buffer for early messages.
 */
export async function correlateMessage(deps: EngineDeps, input: CorrelateMessageInput): Promise<CorrelationResult> {
  const actor = input.actor ?? systemActor;
  const variables = input.variables ?? {};
  const businessKey = input.businessKey ?? null;
  const correlated = await deps.db.transaction(async (tx) => {
    const subscriptions = await tx.query<{ instance_id: number; message_ref: string; activity_id: string }>(
      `SELECT DISTINCT ON (instance_id) instance_id, message_ref, activity_id FROM engine_message_subscriptions
        WHERE message_name = $1 AND business_key IS NOT DISTINCT FROM $2 ORDER BY instance_id, id`,
      [input.name, businessKey]);
    const done: number[] = [];
    for (const subscription of subscriptions) {
      const instance = await lockInstance(tx, subscription.instance_id);
      // Re-read under the lock: another step may have consumed the wait meanwhile.
      const [still] = await tx.query('SELECT 1 FROM engine_message_subscriptions WHERE instance_id = $1 AND message_name = $2', [instance.id, input.name]);
      if (!still || instance.status !== 'running') continue;
      await stepLockedInstance(tx, deps.clock, instance, { kind: 'message', messageRef: subscription.message_ref, output: variables }, actor, [
        { event: 'message.received', activityId: subscription.activity_id, data: { name: input.name, variables } },
      ]);
      done.push(instance.id);
    }
    return done;
  });
  if (correlated.length) return { correlated, started: [] };

  const starters = await deps.db.query<{ id: number; model: ProcessModel }>(
    `SELECT DISTINCT ON (process_id) id, model FROM engine_definitions ORDER BY process_id, version DESC`);
  const started: number[] = [];
  for (const definition of starters) {
    const start = definition.model.executable ? definition.model.messageStarts.find((s) => s.messageName === input.name) : undefined;
    if (!start) continue;
    const instance = await startInstance(deps, { definitionId: definition.id, businessKey, variables, actor, messageRef: start.messageRef });
    started.push(instance.instanceId);
  }
  if (!started.length) throw notFound(`a process waiting for message ${input.name}${businessKey ? ` with business key ${businessKey}` : ''}`);
  return { correlated, started };
}
