import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { eventually } from '../comms/testing/fixtures.ts';
import { addShipment } from './test/shipments.ts';

interface Mail { id: number; subject: string }

describe('the public status page of a delivery incident (issue 15.5, D2)', () => {
  let t: TestApp;
  let manager: string;
  let admin: string;
  let incidentId: number;
  let slug: string;
  let trackerLink: string;

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie = manager) => {
    const response = await t.app.inject({ method, url, headers: { cookie }, payload: payload as never });
    return { status: response.statusCode, body: response.json() };
  };
  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString() });
  const mailTo = async (address: string, word: string): Promise<{ subject: string; text: string; html: string }> => {
    const mail = await eventually(async () => {
      const list = await call('GET', `/api/mailbox?to=${encodeURIComponent(address)}`, undefined, admin);
      return (list.body.items as Mail[]).find((m) => m.subject.includes(word));
    }, 20_000, `the e-mail "${word}" to ${address}`);
    return (await call('GET', `/api/mailbox/${mail.id}`, undefined, admin)).body;
  };
  const linkIn = (text: string, path: string) => new URL(new RegExp(`https?://\\S+${path}\\S*`).exec(text)![0]);

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    admin = await t.login(['admin']);
    await t.db.query(`INSERT INTO customers (external_id, name, email, language, country) VALUES ('OLGA', 'Olga', 'olga@example.com', 'uk', 'SE')`);
    const shipment = await addShipment(t.db, { external: 'OLGA-1', customer: 'OLGA', carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', estimatedOn: '2026-11-22', country: 'SE' });
    await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', destination_region = 'Skåne', first_scan_at = '2026-11-13T08:00:00Z', last_scan_at = '2026-11-13T08:00:00Z' WHERE id = $1`, [shipment]);
    expect((await call('POST', '/api/delivery/sweep')).status).toBe(200);
    const opened = await call('POST', '/api/delivery/incidents', { cause_kind: 'carrier', cause_value: 'PostNord', title: 'INTERNAL: PostNord API release 4.2 broke scans' });
    expect(opened.status).toBe(201);
    incidentId = opened.body.id;
    const [notice] = await t.db.query<{ variables: { tracker_url: string } }>(`SELECT variables FROM comms_messages WHERE template_key = 'delivery.delay_notice'`);
    const url = new URL(notice!.variables.tracker_url);
    trackerLink = url.pathname + url.search;
  });
  afterAll(async () => t.close());

  it('is written by staff with the declared permission and reveals nothing until published', async () => {
    const agent = await t.login(['agent']);
    expect((await call('GET', `/api/delivery/incidents/${incidentId}/status-page`, undefined, agent)).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/delivery/incidents/${incidentId}/status-page` })).statusCode).toBe(401);
    const page = await call('GET', `/api/delivery/incidents/${incidentId}/status-page`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ published: false, texts: {}, carriers: ['PostNord'], regions: ['Skåne'], subscribers: 0 });
    slug = page.body.slug;
    expect(slug).toMatch(/^di-\d{8}-\d{3}-[0-9a-f]{8}$/);

    const hidden = await t.app.inject({ method: 'GET', url: `/status/${slug}` });
    const unknown = await t.app.inject({ method: 'GET', url: '/status/di-20261118-001-00000000' });
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(hidden.body).toBe(unknown.body.replaceAll('di-20261118-001-00000000', slug));
    expect((await form(`/status/${slug}/subscribe`, { email: 'x@example.com' })).statusCode).toBe(404);

    const early = await call('POST', `/api/delivery/incidents/${incidentId}/status-page/publish`);
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.public_title', 'body.public_summary']);
    const bad = await call('PUT', `/api/delivery/incidents/${incidentId}/status-page`, { faq: [{ question: 'Why?' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('answer');
    expect((await call('POST', `/api/delivery/incidents/${incidentId}/status-page/updates`, { texts: { en: 'too early' } })).status).toBe(409);

    const saved = await call('PUT', `/api/delivery/incidents/${incidentId}/status-page`, {
      public_title: 'Late parcels with PostNord in southern Sweden',
      public_summary: 'Since 16 November, parcels sent with PostNord to Skåne arrive up to a week late.\n\nWe are working with the carrier and will post updates here.',
      faq: [{ question: 'Will I be compensated?', answer: 'Yes: every late order gets its shipping cost back, without asking.' }],
    });
    expect(saved.status).toBe(200);
    const swedish = await call('PUT', `/api/delivery/incidents/${incidentId}/status-page`, { language: 'sv', public_title: 'Försenade paket med PostNord i södra Sverige', public_summary: 'Sedan 16 november kommer paket med PostNord till Skåne upp till en vecka för sent.' });
    expect(swedish.body.texts.sv).toMatchObject({ public_title: 'Försenade paket med PostNord i södra Sverige', faq: [] });
    expect(swedish.body.texts.en.faq).toHaveLength(1);
    expect((await call('PUT', `/api/delivery/incidents/${incidentId}/status-page`, { language: 'de', public_title: 'x' })).status).toBe(400);
    expect((await call('POST', `/api/delivery/incidents/${incidentId}/status-page/publish`)).body.published).toBe(true);
  });

  it('shows the public texts, regions, carriers, FAQ and subscribe form in en, ru, uk and sv, and never the internal title', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/status/${slug}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Late parcels with PostNord in southern Sweden');
    expect(page.body).toContain('Skåne');
    expect(page.body).toContain('Will I be compensated?');
    expect(page.body).toContain(`action="/status/${slug}/subscribe?lang=en"`);
    expect(page.body).not.toContain('INTERNAL');
    expect(page.body).not.toContain('Olga');
    const words = { ru: 'Получать новости по e-mail', uk: 'Отримувати новини e-mail', sv: 'Få uppdateringar via e-post' };
    for (const [lang, word] of Object.entries(words)) {
      const translated = await t.app.inject({ method: 'GET', url: `/status/${slug}?lang=${lang}` });
      expect(translated.body).toContain(`<html lang="${lang}">`);
      expect(translated.body).toContain(word);
    }
    // Written in Swedish: shown in Swedish; the FAQ, written only in English, is marked as English.
    const sv = await t.app.inject({ method: 'GET', url: `/status/${slug}?lang=sv` });
    expect(sv.body).toContain('<h1>Försenade paket med PostNord i södra Sverige</h1>');
    expect(sv.body).toContain('En del av sidan är inte översatt ännu');
    expect(sv.body).toContain('<dl lang="en">');
    const ru = await t.app.inject({ method: 'GET', url: `/status/${slug}?lang=ru` });
    expect(ru.body).toContain('Late parcels with PostNord in southern Sweden');
    expect(ru.body).toContain('Часть этой страницы пока не переведена');
    expect(page.body).not.toContain('is not written in your language');
  });

  it('the tracker of an order in the incident links to its published page', async () => {
    const tracker = await t.app.inject({ method: 'GET', url: trackerLink });
    expect(tracker.statusCode).toBe(200);
    expect(tracker.body).toContain(`href="/status/${slug}?lang=uk"`);
  });

  it('subscribes only after the signed link in the confirmation e-mail is followed, and sends each update once to each subscriber', async () => {
    const known = await form(`/status/${slug}/subscribe?lang=sv`, { email: 'Sven@Example.com' });
    const other = await form(`/status/${slug}/subscribe?lang=sv`, { email: 'nobody-here@example.com' });
    expect(known.statusCode).toBe(200);
    // The same answer for any address.
    expect(known.body).toBe(other.body);
    expect(known.body).toContain('Inget sparas innan du öppnar den');
    const [{ n: before }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM delivery_status_subscribers')) as [{ n: number }];
    expect(before).toBe(0);
    expect((await form(`/status/${slug}/subscribe`, { email: 'not an address' })).statusCode).toBe(400);

    const confirmation = await mailTo('sven@example.com', 'Bekräfta');
    const link = linkIn(confirmation.text, '/confirm');
    expect(link.pathname).toBe(`/status/${slug}/confirm`);
    // Opening the link (a mail scanner does) stores nothing: the page asks for one click.
    const opened = await t.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Ja, skicka uppdateringar');
    expect((await t.db.query('SELECT 1 FROM delivery_status_subscribers')).length).toBe(0);
    const token = link.searchParams.get('t')!;
    expect((await form(`/status/${slug}/confirm`, { t: `${token.slice(0, -2)}xx` })).statusCode).toBe(404);
    const confirmed = await form(`/status/${slug}/confirm?lang=sv`, { t: token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Klart');
    expect(await t.db.query('SELECT email, language FROM delivery_status_subscribers')).toEqual([{ email: 'sven@example.com', language: 'sv' }]);

    const posted = await call('POST', `/api/delivery/incidents/${incidentId}/status-page/updates`, { texts: { en: 'PostNord has added two extra trucks; most parcels arrive by Friday.', sv: 'PostNord har satt in två extra lastbilar; de flesta paket kommer fram till fredag.' } });
    expect(posted.status).toBe(201);
    expect(posted.body.sent).toBe(1);
    const update = await mailTo('sven@example.com', 'Uppdatering');
    expect(update.text).toContain('två extra lastbilar');
    expect(update.subject).toContain('Försenade paket med PostNord');
    const leave = linkIn(update.text, '/status/leave');
    const outbox = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comms_messages WHERE campaign = $1`, [`delivery.status-update:${posted.body.id}`]);
    expect(outbox[0]!.n).toBe(1);
    const page = await t.app.inject({ method: 'GET', url: `/status/${slug}?lang=en` });
    expect(page.body).toContain('two extra trucks');

    // Unsubscribed by the link in the update: the next update is not sent to them.
    expect((await t.app.inject({ method: 'GET', url: leave.pathname + leave.search })).statusCode).toBe(200);
    expect((await form(`/status/leave?lang=sv`, { t: leave.searchParams.get('t')! })).statusCode).toBe(200);
    const next = await call('POST', `/api/delivery/incidents/${incidentId}/status-page/updates`, { texts: { en: 'All parcels delivered.' } });
    expect(next.body.sent).toBe(0);
  });

  it('an expired confirmation link stores nothing, and an unpublished page is gone again', async () => {
    await form(`/status/${slug}/subscribe?lang=en`, { email: 'late@example.com' });
    const mail = await mailTo('late@example.com', 'Confirm');
    const link = linkIn(mail.text, '/confirm');
    t.clock.advance(49 * 3_600_000);
    expect((await form(`/status/${slug}/confirm`, { t: link.searchParams.get('t')! })).statusCode).toBe(410);
    expect((await t.db.query(`SELECT 1 FROM delivery_status_subscribers WHERE email = 'late@example.com'`)).length).toBe(0);
    manager = await t.login(['manager']); // two days on, the earlier session has lapsed

    expect((await call('POST', `/api/delivery/incidents/${incidentId}/status-page/unpublish`)).body.published).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: `/status/${slug}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: trackerLink })).body).not.toContain('/status/');
  });
});
