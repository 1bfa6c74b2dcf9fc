import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from '../../comms/index.ts';
import { createCustomers } from '../../comms/testing/fixtures.ts';

/** Issue 18.5: a customer objects from a public page; the objection reaches what is already queued and is recorded with its source. */
describe('withdrawing consent on the public privacy page', () => {
  let t: TestApp;
  let customerId: number;
  let queuedId: number;

  beforeAll(async () => {
    t = await startTestApp();
    [customerId] = await createCustomers(t.db, [{ name: 'Objecting Person', email: 'Objecting.Person@example.se', language: 'sv', consents: { email: true } }]) as [number];
    // A campaign message queued for next week: the objection must stop it, not only future ones.
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, {
      customerId, templateKey: 'privacy.preferences-link', variables: { link: 'https://example.com' }, channels: 'email', campaign: 'spring-sale', reason: 'test.marketing',
      notBefore: new Date(t.clock.now().getTime() + 7 * 86_400_000),
    }));
    expect(queued!.status).toBe('queued');
    queuedId = queued!.messageId!;
  });
  afterAll(() => t.close());

  it('asks for the address and answers a known and an unknown one alike', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/p/privacy?lang=sv' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="email"');
    const post = (email: string) => t.app.inject({ method: 'POST', url: '/p/privacy?lang=en', payload: `email=${encodeURIComponent(email)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const unknown = await post('nobody.here@example.se');
    const known = await post('objecting.person@example.se');
    expect(known.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    const bad = await t.app.inject({ method: 'POST', url: '/p/privacy', payload: { email: 'not an address' } });
    expect(bad.statusCode).toBe(400);
  });

  it('e-mails the address on file a signed link once a day; opening it opts out, stops the queued message and records the source', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/p/privacy', payload: { email: 'objecting.person@example.se' } });
    expect(again.statusCode).toBe(200);
    const links = await t.db.query<{ contact_address: string; variables: { link: string } }>(
      `SELECT contact_address, variables FROM comms_messages WHERE reason = 'privacy.preferences_link'`);
    expect(links).toHaveLength(1);
    expect(links[0]!.contact_address).toBe('Objecting.Person@example.se');
    const url = new URL(links[0]!.variables.link);
    const page = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    const done = await t.app.inject({ method: 'POST', url: `${url.pathname}${url.search}` });
    expect(done.statusCode).toBe(200);

    const [consent] = await t.db.query<{ granted: boolean; source: string }>(`SELECT granted, source FROM customer_consents WHERE customer_id = $1 AND channel = 'email'`, [customerId]);
    expect(consent).toEqual({ granted: false, source: 'unsubscribe link from the privacy page' });
    const [message] = await t.db.query<{ status: string; status_reason: string }>('SELECT status, status_reason FROM comms_messages WHERE id = $1', [queuedId]);
    expect(message).toEqual({ status: 'suppressed', status_reason: 'opted_out' });
    const history = await t.db.query<{ details: { source: string } }>(`SELECT details FROM interactions WHERE customer_id = $1 AND kind = 'consent'`, [customerId]);
    expect(history.map((h) => h.details.source)).toEqual(['unsubscribe link from the privacy page']);
  });
});
