import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../testing/smtp-peer.ts';
import { saveCompanySettings } from '../../company/company-settings.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { enqueueMessage } from './enqueue.ts';

const recall = (campaign: string) => ({
  templateKey: 'recall.notice',
  channels: 'email' as const,
  campaign,
  reason: 'recall.notice',
  resource: { type: 'recall', id: 42 },
  variables: {
    product_name: 'Oat drink 1 l', lot_code: 'L2401', cause: 'glass <splinters>', recall_url: 'https://shop.example/recalls/42?x=1&y=2',
    store_name: 'Central Store', purchase_date: '2026-01-10', instructions: 'Do not drink it.', offer: 'a refund',
  },
});

describe('e-mail through the outbox to a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let operator: string;

  beforeAll(async () => {
    smtp = await startSmtpPeer({ rejectRecipients: /^bounce@/ });
    t = await startTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Acme Care <care@acme.example>', COMMS_QUIET_HOURS: 'off', COMMS_RETRY_BASE_SECONDS: '1', COMMS_SEND_LEASE_SECONDS: '4', PUBLIC_URL: 'https://rebound.example' });
    operator = await t.login(['manager']);
    await saveTemplate(t.db, 'recall.notice', 'en', {
      email_subject: 'Recall: {{product_name}}',
      email_html: '<p>Dear {{customer.name}},</p><p>Lot {{lot_code}} is recalled: {{cause}}.</p><p><a href="{{recall_url}}">What to do</a></p>',
      email_text: 'Dear {{customer.name}}, lot {{lot_code}} is recalled: {{cause}}. {{recall_url}}',
    }, 'test');
    await saveTemplate(t.db, 'recall.notice', 'sv', {
      email_subject: 'Återkallelse: {{product_name}}',
      email_html: '<p>Hej {{customer.name}},</p><p>Parti {{lot_code}} återkallas: {{cause}}.</p><p><a href="{{recall_url}}">Vad du ska göra</a></p>',
    }, 'test');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const statusOf = async (id: number) => (await t.db.query<{ status: string }>('SELECT status FROM comms_messages WHERE id = $1', [id]))[0]?.status;
  const waitForStatus = (id: number, status: string) => eventually(async () => (await statusOf(id)) === status, 20_000, `message ${id} ${status}`);

  it('delivers a message written in the deciding transaction, in the customer\'s language, with tracking and unsubscribe', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Åsa Lind', email: 'asa@example.se', language: 'sv', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('recall-42-notice'), customerId: customerId! }));
    expect(queued).toMatchObject({ status: 'queued', channel: 'email' });
    await waitForStatus(queued!.messageId!, 'sent');

    const mail = smtp.received.find((m) => m.envelopeTo.includes('asa@example.se'))!;
    expect(mail.envelopeFrom).toBe('care@acme.example');
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Återkallelse: Oat drink 1 l');
    expect(mail.headers.get('content-language')).toBe('sv');
    expect(mail.headers.get('list-unsubscribe')).toMatch(/^<https:\/\/rebound\.example\/comms\/unsubscribe\?t=[\w.-]+>$/);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers.get('x-rebound-idempotency-key')).toBe(`email:${customerId}:recall-42-notice`);
    const [row] = await t.db.query<{ message_id: string; recipient: string; language: string }>('SELECT message_id, recipient, language FROM comms_messages WHERE id = $1', [queued!.messageId]);
    expect(mail.messageId).toBe(row!.message_id);
    expect(row).toMatchObject({ recipient: 'asa@example.se', language: 'sv' });
    // Escaped in HTML, as typed in the text part; links tracked; the pixel and the opt-out link present.
    expect(parsed.html).toContain('glass &lt;splinters&gt;');
    expect(parsed.html).toContain('https://rebound.example/comms/click?t=');
    expect(parsed.html).not.toContain('https://shop.example/recalls/42');
    expect(parsed.html).toContain('https://rebound.example/comms/open?t=');
    expect(parsed.html).toContain('Avregistrera dig');
    expect(parsed.text).toContain('glass <splinters>');
    expect(parsed.text).toContain('https://rebound.example/comms/unsubscribe?t=');

    const [interaction] = await t.db.query<{ kind: string; channel: string; summary: string; ref_id: string; details: Record<string, unknown> }>(
      'SELECT kind, channel, summary, ref_id, details FROM interactions WHERE customer_id = $1', [customerId]);
    expect(interaction).toMatchObject({ kind: 'message', channel: 'email', ref_id: String(queued!.messageId), summary: 'E-mail "Återkallelse: Oat drink 1 l"' });
    expect(interaction!.details).toMatchObject({ campaign: 'recall-42-notice', reason: 'recall.notice', resource_type: 'recall', resource_id: '42' });
  });

  it('writes nothing when the deciding transaction rolls back', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Rolled Back', email: 'rb@example.com', consents: { email: true } }]);
    await expect(t.db.transaction(async (tx) => {
      await enqueueMessage(tx, t.ctx, { ...recall('rollback'), customerId: customerId! });
      throw new Error('the decision failed');
    })).rejects.toThrow('the decision failed');
    expect(await t.db.query('SELECT id FROM comms_messages WHERE customer_id = $1', [customerId])).toEqual([]);
  });

  it('makes a second send impossible: one message per (customer, campaign, channel)', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Once Only', email: 'once@example.com', consents: { email: true } }]);
    const first = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('once'), customerId: customerId! }));
    const second = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('once'), customerId: customerId! }));
    expect(first[0]!.status).toBe('queued');
    expect(second).toEqual([{ customerId, channel: 'email', status: 'duplicate' }]);
    await waitForStatus(first[0]!.messageId!, 'sent');
    // Even a writer that bypasses enqueueMessage meets the unique index.
    await expect(t.db.query(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, campaign, reason, status, next_attempt_at, created_at)
       VALUES ($1, 'email', $2, 'once', 'x', 'queued', now(), now())`, [`email:${customerId}:once`, customerId])).rejects.toThrow();
    expect(smtp.received.filter((m) => m.envelopeTo.includes('once@example.com'))).toHaveLength(1);
  });

  it('checks consent when queuing: none or an opt-out suppresses; a safety notice needs no consent but respects an opt-out', async () => {
    const [none, optedOut, nothing] = await createCustomers(t.db, [
      { name: 'No Consent', email: 'none@example.com' },
      { name: 'Opted Out', email: 'out@example.com', consents: { email: false } },
      { name: 'Safety Only', email: 'safety@example.com' },
    ]);
    const results = await t.db.transaction(async (tx) => [
      ...(await enqueueMessage(tx, t.ctx, { ...recall('consent'), customerId: none! })),
      ...(await enqueueMessage(tx, t.ctx, { ...recall('consent-safety'), customerId: optedOut!, safety: true })),
      ...(await enqueueMessage(tx, t.ctx, { ...recall('consent-safety'), customerId: nothing!, safety: true })),
    ]);
    expect(results.map((r) => [r.status, r.reason])).toEqual([['suppressed', 'no_consent'], ['suppressed', 'opted_out'], ['queued', undefined]]);
    await waitForStatus(results[2]!.messageId!, 'sent');
  });

  it('checks consent again when sending: an opt-out recorded after queuing stops the message', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Changed Mind', email: 'changed@example.com', consents: { email: true } }]);
    const later = new Date(t.clock.now().getTime() + 3600_000);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('later'), customerId: customerId!, notBefore: later }));
    await t.db.query(`UPDATE customer_consents SET granted = false, source = 'phone call' WHERE customer_id = $1`, [customerId]);
    t.clock.advance(2 * 3600_000);
    await eventually(async () => (await t.db.query<{ status: string; status_reason: string }>('SELECT status, status_reason FROM comms_messages WHERE id = $1', [queued!.messageId]))
      .find((r) => r.status === 'suppressed' && r.status_reason === 'opted_out'));
    expect(smtp.received.some((m) => m.envelopeTo.includes('changed@example.com'))).toBe(false);
  });

  it('retries a temporary refusal with backoff and sends it once', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Retry Me', email: 'retry@example.com', consents: { email: true } }]);
    smtp.failNext(1);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('retry'), customerId: customerId! }));
    const waiting = await eventually(async () => (await t.db.query<{ status: string; attempts: number; status_reason: string; next_attempt_at: Date }>(
      'SELECT status, attempts, status_reason, next_attempt_at FROM comms_messages WHERE id = $1 AND attempts = 1 AND status = $2', [queued!.messageId, 'queued']))[0]);
    expect(waiting.status_reason).toMatch(/^attempt 1 failed: .*451/);
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    t.clock.advance(5_000);
    await waitForStatus(queued!.messageId!, 'sent');
    expect(smtp.received.filter((m) => m.envelopeTo.includes('retry@example.com'))).toHaveLength(1);
  });

  it('lists a refused recipient as a dead letter with the reason, and retries it from the API', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Bounce', email: 'bounce@example.com', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('bounce'), customerId: customerId! }));
    await waitForStatus(queued!.messageId!, 'bounced');
    const dead = (await t.app.inject({ method: 'GET', url: '/api/comms/dead-letters?campaign=bounce', headers: { cookie: operator } })).json();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ id: queued!.messageId, status: 'bounced' });
    expect(dead.items[0].status_reason).toMatch(/550.*User unknown/);
    const retried = await t.app.inject({ method: 'POST', url: `/api/comms/messages/${queued!.messageId}/retry`, headers: { cookie: operator } });
    expect(retried.json()).toEqual({ retried: 1 });
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2 AND status_reason LIKE $3', [queued!.messageId, 'bounced', '%550%'])).length > 0);
    const again = await t.app.inject({ method: 'POST', url: '/api/comms/messages/999999/retry', headers: { cookie: operator } });
    expect(again.statusCode).toBe(404);
  });

  it('counts opens (pixel) and clicks (signed redirect), moving the status forward only', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Clicker', email: 'clicker@example.com', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('track'), customerId: customerId! }));
    await waitForStatus(queued!.messageId!, 'sent');
    const html = (await simpleParser(smtp.received.find((m) => m.envelopeTo.includes('clicker@example.com'))!.raw)).html as string;
    const click = /https:\/\/rebound\.example(\/comms\/click\?t=[^"]+)"/.exec(html)![1]!;
    const open = /https:\/\/rebound\.example(\/comms\/open\?t=[^"]+)"/.exec(html)![1]!;

    const pixel = await t.app.inject({ method: 'GET', url: open });
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(await statusOf(queued!.messageId!)).toBe('opened');
    const redirect = await t.app.inject({ method: 'GET', url: click });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('https://shop.example/recalls/42?x=1&y=2');
    expect(await statusOf(queued!.messageId!)).toBe('clicked');
    await t.app.inject({ method: 'GET', url: open });
    expect(await statusOf(queued!.messageId!)).toBe('clicked');
    // A forged or altered link redirects nowhere.
    expect((await t.app.inject({ method: 'GET', url: `${click.slice(0, -3)}xyz` })).statusCode).toBe(404);
  });

  it('unsubscribes through the link: a page in the customer\'s language, the opt-out recorded in customer_consents', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Leaver', email: 'leaver@example.com', language: 'sv', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('leave'), customerId: customerId! }));
    await waitForStatus(queued!.messageId!, 'sent');
    const header = smtp.received.find((m) => m.envelopeTo.includes('leaver@example.com'))!.headers.get('list-unsubscribe')!;
    const path = header.replace(/^<https:\/\/rebound\.example|>$/g, '');
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="sv">');
    expect(page.body).toContain('leaver@example.com');
    // Fetching the page (as a link scanner would) does not unsubscribe.
    expect((await t.db.query<{ granted: boolean }>(`SELECT granted FROM customer_consents WHERE customer_id = $1 AND channel = 'email'`, [customerId]))[0]!.granted).toBe(true);
    // RFC 8058 one-click, as a mail client posts it.
    const done = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Du får inte längre e-post');
    const [consent] = await t.db.query<{ granted: boolean; source: string }>(`SELECT granted, source FROM customer_consents WHERE customer_id = $1 AND channel = 'email'`, [customerId]);
    expect(consent).toEqual({ granted: false, source: `unsubscribe link in message ${queued!.messageId}` });
    expect((await t.app.inject({ method: 'GET', url: '/comms/unsubscribe?t=not.a-token-at-all' })).statusCode).toBe(404);
  });

  it('caps messages per customer and day, deferring the rest to the next local day; a safety notice passes', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Busy', email: 'busy@example.com', timeZone: 'Europe/Stockholm', consents: { email: true } }]);
    const ids = await t.db.transaction(async (tx) => {
      const out: number[] = [];
      for (const n of [1, 2, 3, 4]) out.push((await enqueueMessage(tx, t.ctx, { ...recall(`cap-${n}`), customerId: customerId! }))[0]!.messageId!);
      out.push((await enqueueMessage(tx, t.ctx, { ...recall('cap-safety'), customerId: customerId!, safety: true }))[0]!.messageId!);
      return out;
    });
    const rows = await eventually(async () => {
      const r = await t.db.query<{ id: number; status: string; status_reason: string | null; next_attempt_at: Date }>(
        'SELECT id, status, status_reason, next_attempt_at FROM comms_messages WHERE id = ANY($1) ORDER BY id', [ids]);
      return r.filter((x) => x.status === 'sent').length === 4 && r.some((x) => x.status_reason?.startsWith('daily cap')) ? r : undefined;
    });
    const deferred = rows.find((r) => r.status === 'queued')!;
    expect(deferred.status_reason).toBe('daily cap reached; waits for the next day');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(deferred.next_attempt_at);
    expect(local).toBe('00:00');
    expect(rows.find((r) => r.id === ids[4])!.status).toBe('sent');
  });

  it('answers bad input with problems, never a 500', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/comms/sends', headers: { cookie: operator }, payload: { template_key: 'recall.notice', channels: ['fax'], campaign: 'x', reason: 'x', customer_ids: [1] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const missing = await t.app.inject({ method: 'POST', url: '/api/comms/sends', headers: { cookie: operator }, payload: { template_key: 'recall.notice', channels: ['email'], campaign: 'x', reason: 'x', customer_ids: [1] } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ variable: 'product_name' });
  });

  // Issue 11: consumer e-mail looks like the brand, and a safety notice is no mailing list.
  it("sends from the brand's or company's sender once set, framed for a phone; a safety notice offers preferences, not an unsubscribe", async () => {
    await saveCompanySettings(t.db, t.clock, systemActor, {
      legal_name: 'Acme Foods AB', address: 'Storgatan 1', city: 'Malmö', country: 'SE', brand_name: 'Acme', sender_name: 'Acme Kundtjänst', sender_email: 'kund@acme.example',
      brands: [{ brand: 'Havre', sender_name: 'Havre', sender_email: 'hej@havre.example' }],
    });
    const [safe, branded] = await createCustomers(t.db, [
      { name: 'Sara Berg', email: 'sara@example.se', language: 'sv' },
      { name: 'Bo Ek', email: 'bo@example.se', language: 'sv', consents: { email: true } },
    ]);
    const [notice] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...recall('brand-safety'), customerId: safe!, safety: true }));
    const base = recall('brand-havre');
    const [marketing] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...base, variables: { ...base.variables, sender_brand: 'havre' }, customerId: branded! }));
    await waitForStatus(notice!.messageId!, 'sent');
    await waitForStatus(marketing!.messageId!, 'sent');

    const safetyMail = smtp.received.find((m) => m.envelopeTo.includes('sara@example.se'))!;
    const safety = await simpleParser(safetyMail.raw);
    expect(safety.from?.value[0]).toEqual({ name: 'Acme Kundtjänst', address: 'kund@acme.example' });
    expect(safetyMail.headers.has('list-unsubscribe')).toBe(false);
    expect(safety.html).toContain('Hantera dina kontaktinställningar');
    expect(safety.text).toContain('Hantera dina kontaktinställningar');
    expect(`${safety.html}${safety.text}`).not.toContain('Avregistrera');
    expect(safety.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(safety.html).toContain('max-width:600px');
    expect(safety.text).toContain('Acme Foods AB\nStorgatan 1, Malmö, SE');

    const brandRaw = smtp.received.find((m) => m.envelopeTo.includes('bo@example.se'))!;
    const brandMail = await simpleParser(brandRaw.raw);
    expect(brandMail.from?.value[0]).toEqual({ name: 'Havre', address: 'hej@havre.example' });
    expect(brandRaw.headers.get('list-unsubscribe')).toMatch(/comms\/unsubscribe/);
    expect(brandMail.html).toContain('Avregistrera dig');
  });
});
