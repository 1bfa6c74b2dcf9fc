import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/app.ts';
import { enqueueMessage } from './comms/index.ts';
import { createCustomers, eventually } from './comms/testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from './comms/testing/smtp-peer.ts';
import { saveTemplate } from './comms/templates/templates.sql.ts';
import { runDueActionCalls } from './engine/index.ts';

describe('a case timeline merges the case and the process that runs it', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['manager']);
  });
  afterAll(async () => t.close());

  it('shows the review process of the case, matched by business key, next to the case events', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { type: 'investigation', title: 'Odd taste reported', business_key: 'INV-7' } });
    expect(created.statusCode, created.body).toBe(201);
    const started = await t.app.inject({ method: 'POST', url: '/api/processes/review/instances', headers: { cookie }, payload: { businessKey: 'INV-7', variables: {} } });
    expect(started.statusCode, started.body).toBeLessThan(300);
    await runDueActionCalls({ db: t.db, clock: t.clock });
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/cases/${created.json().id}/timeline`, headers: { cookie } })).json();
    const sources = new Set(timeline.entries.map((e: { source: string }) => e.source));
    expect(sources).toContain('case');
    expect(sources).toContain('process');
    const process = timeline.entries.filter((e: { source: string }) => e.source === 'process');
    expect(process.map((e: { kind: string }) => e.kind)).toContain('instance.started');
    expect(timeline.unavailable).toEqual([]);
  });
});

describe('a case timeline shows the messages sent about the case, with their delivery status', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let cookie: string;
  beforeAll(async () => {
    smtp = await startSmtpPeer({ rejectRecipients: /^nobody@/ });
    t = await startTestApp({ SMTP_URL: smtp.url, COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0', PUBLIC_URL: 'https://rebound.example' });
    cookie = await t.login(['manager']);
    await saveTemplate(t.db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_text: '{{body}}' }, 'test');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const timelineOf = async (caseId: number) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/timeline`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return response.json() as { entries: { source: string; kind: string; summary: string; data: Record<string, unknown> }[]; unavailable: unknown[] };
  };

  it('lists the survey invitation of a resolved case and a notice that bounced, each with where it got to', async () => {
    const configured = await t.app.inject({ method: 'PUT', url: '/api/surveys/case-types/delivery_incident', headers: { cookie }, payload: { survey_key: 'case-resolution' } });
    expect(configured.statusCode).toBe(200);
    const [svea, nobody] = await createCustomers(t.db, [
      { name: 'Svea', email: 'svea@example.se', language: 'sv', consents: { email: true } },
      { name: 'Nobody', email: 'nobody@example.com', consents: { email: true } },
    ]);
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { type: 'delivery_incident', title: 'Van broke down', business_key: 'DI-12', links: [{ kind: 'customer', id: svea }] } });
    expect(created.statusCode, created.body).toBe(201);
    const caseId: number = created.json().id;
    // Another module's message about the case, to an address the server refuses.
    await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, {
      customerId: nobody!, templateKey: 'generic.notice', channels: 'email', campaign: `case-${caseId}-delay`, reason: 'incident.update',
      resource: { type: 'case', id: caseId }, variables: { headline: 'Your parcel is late', body: 'The van broke down.' },
    }));
    t.clock.advance(60_000);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/cases/${caseId}`, headers: { cookie }, payload: { status: 'resolved' } })).statusCode).toBe(200);

    const messages = await eventually(async () => {
      const entries = (await timelineOf(caseId)).entries.filter((e) => e.source === 'messages');
      return entries.length === 2 && entries.every((e) => e.kind === 'message_sent' || e.kind === 'message_bounced') && entries;
    }, 20_000, 'both messages settled on the timeline');
    const timeline = await timelineOf(caseId);
    expect(timeline.unavailable).toEqual([]);
    // In time order with the case's own events: the notice, then the resolution and the invitation it caused.
    expect(timeline.entries.map((e) => `${e.source}:${e.kind}`).filter((k) => k !== 'case:linked')).toEqual(['case:created', 'messages:message_bounced', 'case:status_changed', 'case:first_response', 'messages:message_sent']);
    const [bounced, invitation] = messages;
    expect(bounced!.summary).toMatch(/^E-mail generic\.notice to nobody@example\.com: bounced \(.*550.*\)$/);
    expect(bounced!.data).toMatchObject({ channel: 'email', status: 'bounced', reason: 'incident.update', customer_id: nobody });
    expect(invitation!.summary).toBe('E-mail survey.invitation to svea@example.se: sent');
    expect(invitation!.data).toMatchObject({ channel: 'email', status: 'sent', template: 'survey.invitation', reason: 'survey.invitation', customer_id: svea, language: 'sv' });
    expect(invitation!.data.sent_at).toBeTruthy();
  });

  it('shows no message entries for a case nothing was sent about', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { type: 'complaint', title: 'Quiet one' } });
    const timeline = await timelineOf(created.json().id);
    expect(timeline.entries.map((e) => e.source)).toEqual(['case']);
    expect(timeline.unavailable).toEqual([]);
  });
});
