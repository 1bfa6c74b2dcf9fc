import { Type } from '@sinclair/typebox';
import { registerAction } from './action-catalogue.ts';

/**
 * 'notify': records an internal notification row (engine_notifications) for a role or a
 * person. It is a stand-in until the communications module registers real channels
 * (e-mail, SMS, webhook) under actions of its own; processes keep calling 'notify'.
 * Idempotent: one row per idempotency key, a retry only counts another delivery attempt.
 */
export function registerNotifyAction(): void {
  registerAction({
    name: 'notify',
    description: 'Records an internal notification for a role or a person (stand-in for the communications module)',
    input: Type.Object({
      recipientRole: Type.Optional(Type.String()),
      recipient: Type.Optional(Type.String()),
      subject: Type.String({ minLength: 1 }),
      body: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      instanceId: Type.Optional(Type.Integer()),
      taskId: Type.Optional(Type.Integer()),
    }),
    output: Type.Object({ notificationId: Type.Integer() }),
    async handler(input, call) {
      const [row] = await call.db.query<{ id: number }>(
        `INSERT INTO engine_notifications (idempotency_key, recipient_role, recipient, subject, body, instance_id, task_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (idempotency_key) DO UPDATE SET deliveries = engine_notifications.deliveries + 1
         RETURNING id`,
        [call.idempotencyKey, input.recipientRole ?? null, input.recipient ?? null, input.subject, input.body ?? null,
          input.instanceId ?? call.instanceId, input.taskId ?? null, call.clock.now()]);
      return { notificationId: row!.id };
    },
  });
}
