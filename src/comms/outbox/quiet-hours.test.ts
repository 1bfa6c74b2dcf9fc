import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../testing/smtp-peer.ts';
import { enqueueMessage } from './enqueue.ts';

describe('quiet hours in the recipient\'s time zone', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await startSmtpPeer();
    t = await startTestApp({ SMTP_URL: smtp.url, COMMS_QUIET_HOURS: '21:00-08:00', COMMS_SEND_LEASE_SECONDS: '4' });
    await saveTemplate(t.db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_text: '{{body}}' }, 'test');
    // 22:30 UTC: 23:30 in Stockholm, 01:30 in Moscow, 17:30 in New York.
    t.clock.set('2026-01-15T22:30:00Z');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('defers a message to 08:00 local time, sends at once where it is daytime, and lets a safety notice through', async () => {
    const [stockholm, newYork, safety] = await createCustomers(t.db, [
      { name: 'Night Owl', email: 'night@example.se', timeZone: 'Europe/Stockholm', consents: { email: true } },
      { name: 'Day Person', email: 'day@example.com', timeZone: 'America/New_York', consents: { email: true } },
      { name: 'Recall Target', email: 'recall@example.ru', timeZone: 'Europe/Moscow', consents: { email: true } },
    ]);
    const notice = { templateKey: 'generic.notice', channels: 'email' as const, reason: 'notice', variables: { headline: 'News', body: 'Hello' } };
    const ids = await t.db.transaction(async (tx) => [
      (await enqueueMessage(tx, t.ctx, { ...notice, customerId: stockholm!, campaign: 'quiet' }))[0]!.messageId!,
      (await enqueueMessage(tx, t.ctx, { ...notice, customerId: newYork!, campaign: 'quiet' }))[0]!.messageId!,
      (await enqueueMessage(tx, t.ctx, { ...notice, customerId: safety!, campaign: 'quiet', safety: true }))[0]!.messageId!,
    ]);
    const rows = await eventually(async () => {
      const r = await t.db.query<{ id: number; status: string; status_reason: string | null; next_attempt_at: Date }>(
        'SELECT id, status, status_reason, next_attempt_at FROM comms_messages WHERE id = ANY($1) ORDER BY id', [ids]);
      return r.filter((x) => x.status === 'sent').length === 2 && r[0]!.status_reason ? r : undefined;
    });
    expect(rows.map((r) => r.status)).toEqual(['queued', 'sent', 'sent']);
    expect(rows[0]!.status_reason).toBe('waits for the end of quiet hours');
    expect(rows[0]!.next_attempt_at.toISOString()).toBe('2026-01-16T07:00:00.000Z');
    expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['day@example.com', 'recall@example.ru']);

    t.clock.set('2026-01-16T07:00:30Z');
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [ids[0], 'sent'])).length > 0);
    expect(smtp.received.filter((m) => m.envelopeTo[0] === 'night@example.se')).toHaveLength(1);
  });
});
