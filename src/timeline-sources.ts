import { registerTimelineSource, type TimelineEntry } from './cases/index.ts';
import { messagesAboutResource, type ResourceMessage } from './comms/index.ts';
import { processEventsForBusinessKey } from './engine/index.ts';

// A case linked to a mass send could carry thousands of messages; the timeline is one page.
const MESSAGES_SHOWN = 200;

/**
 * Plugs other modules' history of a case into its timeline (P4): the process instance
 * that runs the case (activities, tasks, timers), matched by the case's business key,
 * and the messages sent about the case (its survey invitation, notices), with their
 * delivery status. Lives here, beside the module list, so neither module has to know the other.
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
      // One sentence for every event kind (`timeline.process`), the event named from the console's processEvent vocabulary.
      params: { event: { of: 'processEvent', code: event.event }, subject: event.activityName ?? event.activityId ?? event.processId },
      actor: event.actor?.label ?? null,
      data: { instanceId: event.instanceId, processId: event.processId, activityId: event.activityId, ...(event.data ?? {}) },
    }));
  });

  registerTimelineSource('messages', async (db, caseRow) => {
    const messages = await messagesAboutResource(db, { type: 'case', id: caseRow.id }, MESSAGES_SHOWN + 1);
    const entries: TimelineEntry[] = messages.slice(0, MESSAGES_SHOWN).map((message) => ({
      id: `message:${message.id}`,
      // When the decision to send was taken; where the message got to since is its status.
      at: message.created_at,
      kind: `message_${message.status}`,
      summary: messageSummary(message),
      params: {
        channel: { of: 'channel', code: message.channel }, what: message.template_key ?? message.event ?? message.reason ?? '',
        recipient: message.recipient ?? '—', status: { of: 'messageStatus', code: message.status },
      },
      actor: null,
      data: {
        message_id: message.id, channel: message.channel, status: message.status, status_reason: message.status_reason,
        template: message.template_key, reason: message.reason, campaign: message.campaign, customer_id: message.customer_id,
        recipient: message.recipient, language: message.language, attempts: message.attempts, sent_at: message.sent_at,
        delivered_at: message.delivered_at, opened_at: message.opened_at, clicked_at: message.clicked_at, failed_at: message.failed_at,
      },
    }));
    if (messages.length > MESSAGES_SHOWN) {
      const oldestShown = messages[MESSAGES_SHOWN - 1]!;
      entries.push({
        id: 'message:earlier', at: oldestShown.created_at, kind: 'messages_omitted', actor: null, params: { count: MESSAGES_SHOWN },
        summary: `Earlier messages about this case are not shown here (the newest ${MESSAGES_SHOWN} are)`,
      });
    }
    return entries;
  });
}

const CHANNEL_NAMES: Record<string, string> = { email: 'E-mail', sms: 'SMS', webhook: 'Webhook' };

function messageSummary(message: ResourceMessage): string {
  const what = message.template_key ?? message.event ?? message.reason;
  const to = message.recipient ? ` to ${message.recipient}` : '';
  const why = message.status_reason && message.status !== 'sent' ? ` (${message.status_reason})` : '';
  return `${CHANNEL_NAMES[message.channel] ?? message.channel} ${what}${to}: ${message.status}${why}`;
}
