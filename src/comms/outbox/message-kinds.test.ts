import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from './enqueue.ts';
import type { MessageKind } from './consent-rule.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers } from '../testing/fixtures.ts';

/** docs/decisions/017: the consent rule per kind of message, as the outbox applies it when queuing. */
describe('message kinds and their consent rule', () => {
  let t: TestApp;
  let never: number, declined: number, granted: number, bounced: number;
  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off' });
    await saveTemplate(t.db, 'generic.notice', 'en', { email_subject: 'Notice', email_text: 'Hello' }, 'test');
    [never, declined, granted, bounced] = (await createCustomers(t.db, [
      { name: 'Never asked', email: 'never@example.org' },
      { name: 'Declined', email: 'declined@example.org', consents: { email: false } },
      { name: 'Granted', email: 'granted@example.org', consents: { email: true } },
      { name: 'Bounced', email: 'bounced@example.org' },
    ])) as [number, number, number, number];
    await t.db.query(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, campaign, reason, status, recipient, next_attempt_at, created_at)
       VALUES ('email:bounced:earlier', 'email', $1, 'generic.notice', 'earlier', 'test', 'bounced', 'bounced@example.org', now(), now())`, [bounced]);
  });
  afterAll(async () => t.close());

  const send = async (customerId: number, kind: MessageKind) => {
    const [message] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { customerId, templateKey: 'generic.notice', channels: 'email', campaign: `kinds:${kind}`, reason: 'test', kind, variables: { headline: 'Notice', body: 'Hello' } }));
    return message!.status === 'queued' ? 'queued' : message!.reason;
  };

  it('writes marketing only to who consented, service to everyone with a working address, safety to everyone who did not opt out', async () => {
    const outcome: Record<string, Record<MessageKind, string | undefined>> = {};
    for (const [name, id] of Object.entries({ never, declined, granted, bounced })) {
      outcome[name] = { marketing: await send(id, 'marketing'), service: await send(id, 'service'), safety: await send(id, 'safety') };
    }
    expect(outcome).toEqual({
      never: { marketing: 'no_consent', service: 'queued', safety: 'queued' },
      declined: { marketing: 'opted_out', service: 'queued', safety: 'opted_out' },
      granted: { marketing: 'queued', service: 'queued', safety: 'queued' },
      bounced: { marketing: 'no_consent', service: 'address_bounced', safety: 'queued' },
    });
    const kinds = await t.db.query<{ kind: string; safety: boolean }>(`SELECT DISTINCT kind, safety FROM comms_messages WHERE campaign LIKE 'kinds:%' ORDER BY kind`);
    expect(kinds).toEqual([{ kind: 'marketing', safety: false }, { kind: 'safety', safety: true }, { kind: 'service', safety: false }]);
  });
});
