/**
 * Recall depth in a real Chromium against the real server (issue 16, acceptance 10): the
 * possibly affected (bought the product where the till recorded no lot) are their own figure
 * in the impact preview and are asked apart to check the lot on their pack, never sent the
 * certain-case offer; a chain's stores confirm the removal through their signed links and the
 * dashboard shows the chain confirmed; a silent chain is reminded and then escalated once the
 * server's clock is moved past the recall process's timers (REBOUND_CLOCK_CONTROL); the FSMA 204
 * spreadsheet of the lot is downloaded from the console and read.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';
import { readZip } from '../../src/platform/spreadsheet/zip.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;
const HOUR_MS = 3600_000;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Mail { id: number; to: string[]; subject: string }
interface PartnerRow { partner: string; status: 'confirmed' | 'pending' | 'escalated'; reminded_at: string | null; escalated_at: string | null }

/** Two EPCIS 2.0 events of the lot (shipped from the plant, received at the warehouse), as a supplier's system would send them. */
function epcisOf(gtin: string, lot: string): string {
  const product = `https://id.gs1.org/01/${gtin}/10/${encodeURIComponent(lot)}`;
  const plant = 'https://id.gs1.org/414/4012345002256';
  const warehouse = 'https://id.gs1.org/414/0614141007776';
  const event = (bizStep: string, eventTime: string, location: string) => ({
    type: 'ObjectEvent', eventTime, eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep, epcList: [],
    quantityList: [{ epcClass: product, quantity: 120, uom: 'EA' }], bizLocation: { id: location },
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO-7781' }],
    sourceList: [{ type: 'owning_party', source: plant }], destinationList: [{ type: 'owning_party', destination: warehouse }],
  });
  return JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-01-11T09:00:00Z',
    epcisBody: { eventList: [event('shipping', '2026-01-10T08:00:00Z', plant), event('receiving', '2026-01-11T07:30:00Z', warehouse)] },
  });
}

/** A CSV as RFC 4180 writes it: quoted fields, doubled quotes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

describe.skipIf(noChromium || postgresPass)('recall depth: possibly affected, store confirmations, escalation, FSMA 204 (issue 16.10)', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let staff: BrowserContext;
  let console_: Page;
  let target: { gtin: string; lot_code: string };
  let reference: string;
  let recallId: number;
  let confirming: string;
  let silent: string;
  const pageErrors: string[] = [];

  const signInStaff = async () => expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
  const get = async <T>(path: string): Promise<T> => {
    const response = await staff.request.get(path);
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    return (await response.json()) as T;
  };
  const confirmations = async () => (await get<{ partners: PartnerRow[] }>(`/api/recalls/${recallId}/store-confirmations`)).partners;
  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect(await seriousAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
  }

  beforeAll(async () => {
    // Quiet hours and the daily cap would hold messages back when the moved clock lands at night.
    [rebound, browser] = await Promise.all([
      startRebound({ customers: 300, orders: 3000, env: { REBOUND_CLOCK_CONTROL: 'true', COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0' } }),
      launchChromium(),
    ]);
    staff = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    staff.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    await signInStaff();
    // A product some bought with a recorded lot in a store and others without any lot: the lot
    // most of them bought is recalled, the lotless buyers are the possibly affected.
    const customers = (await get<{ items: { id: number }[] }>('/api/customers?limit=100')).items;
    const lotted = new Map<string, Set<number>>();
    const lotless = new Map<string, Set<number>>();
    for (const customer of customers) {
      const { orders } = await get<{ orders: { channel: string; lines: { gtin: string; lot_code: string | null }[] }[] }>(`/api/customers/${customer.id}`);
      for (const order of orders) {
        for (const line of order.lines) {
          const key = line.lot_code ? `${line.gtin}\t${line.lot_code}` : line.gtin;
          const map = line.lot_code ? (order.channel === 'store' ? lotted : undefined) : lotless;
          if (map) map.set(key, (map.get(key) ?? new Set()).add(customer.id));
        }
      }
    }
    const candidates = [...lotted].map(([key, buyers]) => ({ gtin: key.split('\t')[0]!, lot_code: key.split('\t')[1]!, buyers: buyers.size, lotless: lotless.get(key.split('\t')[0]!)?.size ?? 0 }))
      .filter((c) => c.lotless > 0)
      .sort((x, y) => y.lotless - x.lotless || y.buyers - x.buyers || x.lot_code.localeCompare(y.lot_code));
    expect(candidates.length, 'the demo has a product bought both with and without a recorded lot').toBeGreaterThan(0);
    target = { gtin: candidates[0]!.gtin, lot_code: candidates[0]!.lot_code };
    console_ = await staff.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('shows the possibly affected as their own figure in the impact preview', async () => {
    await console_.goto('/console/recalls');
    await console_.getByRole('link', { name: 'Define a recall' }).click();
    await console_.getByLabel('Title', { exact: true }).fill('Yoghurt lot with foreign bodies');
    await console_.getByLabel('Class', { exact: true }).selectOption('II');
    await console_.getByLabel('Reason', { exact: true }).fill('Pieces of plastic found in a retained sample');
    await console_.getByLabel('GTIN').fill(target.gtin);
    await console_.getByLabel('Lot codes').fill(target.lot_code);
    await console_.getByRole('button', { name: 'Save the draft' }).click();
    await console_.getByRole('heading', { name: 'Compensation under the current policy' }).waitFor();
    reference = (await console_.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0]!;
    expect(reference).toMatch(/^RC-\d{4}-\d{4,}$/);
    recallId = Number(new URL(console_.url()).pathname.split('/').pop());

    const preview = await get<{ possibly_affected: { consumers: number; reach: { email: number; sms: number } }; totals: { identified_consumers: number } }>(`/api/recalls/${recallId}/impact`);
    expect(preview.possibly_affected.consumers).toBeGreaterThan(0);
    const card = console_.locator('.stat-card', { hasText: 'Possibly affected' });
    await expect.poll(() => card.locator('.stat-value').textContent()).toBe(String(preview.possibly_affected.consumers));
    // Beside, never inside, the certainly affected.
    expect(await console_.locator('.stat-card', { hasText: 'Consumers' }).first().locator('.stat-value').textContent()).toBe(String(preview.totals.identified_consumers));
    await check(console_, 'recall-depth-01-impact-possibly');

    // The chains: the one with fewest stores confirms, the next stays silent; both have a contact, so both are told.
    const stores = await get<{ partner: string; locations: { external_id: string; lots: { sold: number; received: number }[] }[] }[]>(`/api/recalls/${recallId}/partners`);
    const chains = stores.filter((p) => p.locations.length > 0).sort((a, b) => a.locations.length - b.locations.length || a.partner.localeCompare(b.partner));
    expect(chains.length, 'the lot reached two chains or more').toBeGreaterThan(1);
    confirming = chains[0]!.partner;
    silent = chains[1]!.partner;
    for (const [partner, email] of [[confirming, 'ops@confirming.example'], [silent, 'ops@silent.example']] as const) {
      const put = await staff.request.put('/api/recall-partners', { data: { partner, contact_email: email, webhook_endpoint_id: null } });
      expect(put.status(), await put.text()).toBe(200);
    }
    // The lot's supply chain, as the supplier's EPCIS feed tells it.
    const imported = await staff.request.post('/api/imports/epcis', { headers: { 'content-type': 'application/ld+json' }, data: epcisOf(target.gtin, target.lot_code) });
    expect(imported.status(), await imported.text()).toBe(200);
  });

  it('downloads the FSMA 204 spreadsheet of the lot from the console and finds its events in it', async () => {
    const row = console_.getByRole('row', { name: new RegExp(escape(target.lot_code)) }).filter({ has: console_.getByRole('link', { name: 'CSV' }) });
    const [download] = await Promise.all([console_.waitForEvent('download'), row.getByRole('link', { name: 'CSV' }).click()]);
    const rows = parseCsv((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''));
    const header = rows[0]!;
    const column = (name: string) => header.indexOf(name);
    expect(column('Critical tracking event')).toBeGreaterThanOrEqual(0);
    const ofLot = rows.slice(1).filter((r) => r[column('Traceability lot code')] === target.lot_code);
    expect(ofLot.map((r) => r[column('Critical tracking event')]).sort()).toEqual(expect.arrayContaining(['Receiving', 'Shipping']));
    const shipping = ofLot.find((r) => r[column('Critical tracking event')] === 'Shipping')!;
    expect(shipping[column('Product GTIN')]).toBe(target.gtin);
    expect(shipping[column('Quantity')]).toBe('120');
    expect(shipping[column('Event date')]).toBe('2026-01-10');
    expect(shipping[column('Reference documents')]).toContain('PO-7781');

    // The same records as the sortable XLSX workbook, opened as the archive it is.
    const [workbook] = await Promise.all([console_.waitForEvent('download'), row.getByRole('link', { name: 'XLSX' }).click()]);
    expect(workbook.suggestedFilename()).toMatch(/\.xlsx$/);
    const parts = new Map(readZip(await readFile((await workbook.path())!)).map((e) => [e.name, e.data.toString('utf8')]));
    const xml = [...parts.entries()].filter(([name]) => name.startsWith('xl/')).map(([, text]) => text).join('\n');
    expect(parts.has('xl/worksheets/sheet1.xml')).toBe(true);
    for (const text of ['Critical tracking event', target.lot_code, 'Shipping', 'Receiving', 'PO-7781']) expect(xml).toContain(text);
  });

  it('activates, asks the possibly affected apart to check their lot, and never sends them the offer', async () => {
    await console_.getByRole('button', { name: 'Activate' }).click();
    await console_.getByRole('dialog').getByRole('button', { name: 'Block the lots and start' }).click();
    await expect.poll(() => console_.getByRole('status').filter({ hasText: 'Activated' }).textContent()).toMatch(/1 lots and 0 serials blocked/);
    await console_.getByRole('heading', { name: 'Consumers reached by retail chain' }).waitFor();

    const panel = console_.locator('section[aria-labelledby="possibly-title"]');
    await panel.getByRole('button', { name: 'Ask them to check the lot' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/^Asked [1-9]\d* more; 0 had been asked before; \d+ cannot be reached\.$/);
    await expect.poll(() => panel.locator('.stat-card', { hasText: 'Asked to check their lot' }).locator('.stat-value').textContent()).not.toBe('0');
    await check(console_, 'recall-depth-02-possibly-asked');

    type Message = { recipient: string | null; channel: string; customer_id: number | null };
    const checkLot = (await get<{ items: Message[] }>(`/api/comms/messages?campaign=${encodeURIComponent(`recall:${reference}:check-lot`)}&limit=200`)).items;
    const notices = (await get<{ items: Message[] }>(`/api/comms/messages?campaign=${encodeURIComponent(`recall:${reference}`)}&limit=200`)).items;
    const asked = checkLot.filter((m) => m.channel === 'email').map((m) => m.recipient!.toLowerCase());
    expect(asked.length, 'possibly affected written to by e-mail').toBeGreaterThan(0);
    // Nobody possibly affected is sent the certain notice, and nobody certainly affected is asked to check.
    const noticed = new Set(notices.map((m) => m.customer_id));
    expect(checkLot.filter((m) => noticed.has(m.customer_id))).toEqual([]);

    // The mails as received over SMTP by the demo mailbox: the lot-check link, no claim link, no voucher.
    const received = async (address: string) => (await get<{ items: Mail[] }>(`/api/mailbox?to=${encodeURIComponent(address)}&q=${encodeURIComponent(reference)}`)).items;
    await expect.poll(async () => (await received(asked[0]!)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const mails = await received(asked[0]!);
    expect(mails).toHaveLength(1);
    const { html, text } = await get<{ html: string; text: string }>(`/api/mailbox/${mails[0]!.id}`);
    expect(html).toMatch(/\/p\/check\?[^"]*gtin=/);
    expect(html).not.toMatch(/\/p\/recall\/[^"]*[?&](?:amp;)?t=/);
    expect(text).not.toMatch(/\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b/);
    // Asked again, nobody is written to twice.
    const again = await staff.request.post(`/api/recalls/${recallId}/possibly-affected/notices`);
    expect((await again.json()).queued).toBe(0);
  });

  it("confirms the removal at each of a chain's stores through their signed links, and the dashboard shows the chain confirmed", async () => {
    const inbox = async () => (await get<{ items: Mail[] }>(`/api/mailbox?to=${encodeURIComponent('ops@confirming.example')}&q=${encodeURIComponent(reference)}`)).items;
    await expect.poll(async () => (await inbox()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const { html } = await get<{ html: string }>(`/api/mailbox/${(await inbox())[0]!.id}`);
    const links = [...new Set([...html.matchAll(/(\/p\/store-confirm\?token=[\w.-]+)/g)].map((m) => m[1]!))];
    expect(links.length, 'a link per store').toBeGreaterThanOrEqual(1);

    const shop = await browser.newContext({ baseURL: rebound.url, locale: 'en-GB' });
    const page = await shop.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    for (const [index, link] of links.entries()) {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: `Recall ${reference}: confirm the removal` }).waitFor();
      const counts = page.getByRole('spinbutton');
      await expect.poll(() => counts.count()).toBeGreaterThan(0);
      await counts.first().fill('1');
      for (let i = 1; i < (await counts.count()); i++) await counts.nth(i).fill('0');
      await page.getByLabel('Counted by (name)').fill(`Store team ${index + 1}`);
      if (index === 0) await check(page, 'recall-depth-03-store-confirm');
      await page.getByRole('button', { name: 'Confirm the removal' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Thank you: 1 units? removed at .+, recorded\.$/);
    }
    await check(page, 'recall-depth-04-store-confirmed');
    await shop.close();

    await expect.poll(async () => (await confirmations()).find((p) => p.partner === confirming)?.status).toBe('confirmed');
    await console_.reload();
    const panel = console_.locator('section[aria-labelledby="confirmations-title"]');
    await panel.waitFor();
    const row = panel.getByRole('row', { name: new RegExp(escape(confirming)) });
    await expect.poll(() => row.textContent()).toContain('Confirmed');
    await expect.poll(() => row.textContent()).toContain(`${links.length} /`);
    await panel.scrollIntoViewIfNeeded();
    await check(console_, 'recall-depth-05-chain-confirmed');
  });

  it('reminds a silent chain a day later and escalates it the day after, once the clock is moved', async () => {
    expect((await confirmations()).find((p) => p.partner === silent)).toMatchObject({ status: 'pending', reminded_at: null });
    const moved = await staff.request.post('/api/system/clock', { data: { advance_ms: 24 * HOUR_MS + 60_000 } });
    expect(moved.status(), await moved.text()).toBe(200);
    await signInStaff(); // the sessions of yesterday have ended
    await expect.poll(async () => (await confirmations()).find((p) => p.partner === silent)?.reminded_at ?? null, { timeout: 60_000 }).not.toBeNull();
    const reminders = async () => (await get<{ items: Mail[] }>(`/api/mailbox?to=${encodeURIComponent('ops@silent.example')}&q=${encodeURIComponent(reference)}`)).items.filter((m) => m.subject.startsWith('Reminder'));
    await expect.poll(async () => (await reminders()).length, { timeout: 60_000 }).toBe(1);
    expect((await confirmations()).find((p) => p.partner === confirming)).toMatchObject({ status: 'confirmed', reminded_at: null });

    const later = await staff.request.post('/api/system/clock', { data: { advance_ms: 24 * HOUR_MS + 60_000 } });
    expect(later.status(), await later.text()).toBe(200);
    await signInStaff();
    await expect.poll(async () => (await confirmations()).find((p) => p.partner === silent)?.status, { timeout: 60_000 }).toBe('escalated');
    expect((await confirmations()).find((p) => p.partner === confirming)?.status).toBe('confirmed');

    await console_.goto(`/console/recalls/${recallId}`);
    await console_.getByRole('button', { name: 'Dashboard' }).click();
    const panel = console_.locator('section[aria-labelledby="confirmations-title"]');
    await panel.waitFor();
    const row = panel.getByRole('row', { name: new RegExp(escape(silent)) });
    await expect.poll(() => row.textContent()).toContain('Escalated');
    expect(await row.textContent()).toMatch(/reminded .+ · escalated to /);
    await panel.scrollIntoViewIfNeeded();
    await check(console_, 'recall-depth-06-chain-escalated');
  });

  it('shows a failing regulator feed, with its error, on the recalls page where the quality manager works', async () => {
    const created = await staff.request.post('/api/regulator-feeds/sources', { data: { name: 'openFDA food enforcement', url: `${rebound.url}/feeds/no-such-feed.json`, interval_minutes: 60 } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const fetched = await staff.request.post(`/api/regulator-feeds/sources/${id}/fetch`);
    expect((await fetched.json()).status).toBe('failed');

    await console_.goto('/console/recalls');
    const panel = console_.locator('section[aria-labelledby="feeds-title"]');
    await panel.waitFor();
    expect(await panel.getByRole('alert').textContent()).toBe('1 regulator feed is failing: openFDA food enforcement. Recalls it reports will not open drafts until it is fixed.');
    const row = panel.getByRole('row', { name: /openFDA food enforcement/ });
    expect(await row.textContent()).toContain('Failing (1 time in a row)');
    expect(await row.textContent()).toMatch(/404/);
    await panel.scrollIntoViewIfNeeded();
    await check(console_, 'recall-depth-07-feeds-failing');
  });
});
