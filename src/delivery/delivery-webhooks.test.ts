import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { afterShipSignature, easyPostSignature } from './sources/webhook-signatures.ts';
import { addShipment } from './test/shipments.ts';
import { redactUrl } from '../platform/log/redact-url.ts';

const EASYPOST_SECRET = 'easypost-secret-Ω-0123456789';
const SHIPPO_TOKEN = 'shippo-token-0123456789abcdef';
const AFTERSHIP_SECRET = 'aftership-secret-0123456789';

const easyPostEvent = (trackingCode: string, details: { status: string; detail?: string; at: string }[], estimate = '2026-11-21T00:00:00Z') => ({
  object: 'Event', id: 'evt_1', description: 'tracker.updated', mode: 'production', created_at: '2026-11-18T10:00:00Z',
  result: {
    object: 'Tracker', id: 'trk_1', tracking_code: trackingCode, carrier: 'USPS', status: details.at(-1)?.status ?? 'pre_transit',
    est_delivery_date: estimate,
    tracking_details: details.map((d) => ({ object: 'TrackingDetail', status: d.status, status_detail: d.detail ?? null, datetime: d.at, message: `${d.status} scan`, tracking_location: { city: 'Malmö', country: 'SE' } })),
  },
});

const shippoEvent = (trackingNumber: string, status: string, at: string, substatus?: string) => ({
  event: 'track_updated', test: false,
  data: {
    carrier: 'usps', tracking_number: trackingNumber, eta: '2026-11-20T18:00:00Z',
    tracking_status: { status, status_details: `${status} at the facility`, status_date: at, substatus: substatus ? { code: substatus, text: substatus, action_required: false } : null, location: { city: 'Lund', country: 'SE' } },
    tracking_history: [],
  },
});

const afterShipEvent = (trackingNumber: string, checkpoints: { tag: string; subtag: string; at: string }[]) => ({
  event: 'tracking_update', event_id: 'e1b7', is_tracking_first_tag: false, ts: 1_763_460_000,
  msg: {
    id: 'as1', tracking_number: trackingNumber, slug: 'postnord', tag: checkpoints.at(-1)!.tag, subtag: checkpoints.at(-1)!.subtag,
    courier_estimated_delivery_date: { estimated_delivery_date: '2026-11-24', estimated_delivery_date_min: null, estimated_delivery_date_max: null },
    checkpoints: checkpoints.map((c) => ({ checkpoint_time: c.at, tag: c.tag, subtag: c.subtag, message: c.tag, location: 'Göteborg', country_iso3: 'SWE' })),
  },
});

describe('carrier webhooks (issue 15.1)', () => {
  let t: TestApp;
  let admin: string;
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  const stored = async () => ({ events: await count('delivery_events'), unmatched: await count('delivery_unmatched_events') });
  const post = (source: string, body: string, headers: Record<string, string> = {}, query = '') =>
    t.app.inject({ method: 'POST', url: `/api/delivery/webhooks/${source}${query}`, payload: body, headers: { 'content-type': 'application/json', ...headers } });
  const easyPost = (payload: unknown, secret = EASYPOST_SECRET) => {
    const body = JSON.stringify(payload);
    return post('easypost', body, { 'x-hmac-signature': easyPostSignature(secret, Buffer.from(body)) });
  };
  const afterShip = (payload: unknown, secret = AFTERSHIP_SECRET) => {
    const body = JSON.stringify(payload);
    return post('aftership', body, { 'aftership-hmac-sha256': afterShipSignature(secret, Buffer.from(body)) });
  };
  const shipment = async (external: string) =>
    (await t.db.query<Record<string, unknown>>(`SELECT status, delivery_status, delivery_sub_status, estimated_delivery_on, original_estimated_delivery_on, first_scan_at, last_scan_at, delivered_at FROM shipments WHERE external_id = $1`, [external]))[0]!;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login(['admin']);
    for (const [name, kind, secret] of [['easypost', 'easypost', EASYPOST_SECRET], ['shippo', 'shippo', SHIPPO_TOKEN], ['aftership', 'aftership', AFTERSHIP_SECRET]]) {
      const response = await t.app.inject({ method: 'PUT', url: `/api/delivery/sources/${name}`, headers: { cookie: admin }, payload: { kind, secret } });
      expect(response.statusCode, response.body).toBe(200);
    }
  });
  afterAll(async () => t.close());

  it('lists the sources without their secrets, and lets only a configurer change them', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/delivery/sources', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((s: { name: string }) => s.name)).toEqual(['aftership', 'easypost', 'shippo']);
    expect(list.body).not.toContain(EASYPOST_SECRET);
    expect(list.json()[0]).not.toHaveProperty('secret');
    const agent = await t.login(['agent']);
    expect((await t.app.inject({ method: 'PUT', url: '/api/delivery/sources/x', headers: { cookie: agent }, payload: { kind: 'shippo', secret: 'y'.repeat(20) } })).statusCode).toBe(403);
    const audit = await t.db.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE entity = 'delivery_event_source'`);
    expect(JSON.stringify(audit)).not.toContain(EASYPOST_SECRET);
  });

  // Found by the no-5xx fuzz: INSERT … ON CONFLICT checked NOT NULL on the secret before the conflict.
  it('changes a source without a new secret: switched off and on again, the secret kept', async () => {
    const off = await t.app.inject({ method: 'PUT', url: '/api/delivery/sources/easypost', headers: { cookie: admin }, payload: { kind: 'easypost', enabled: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().enabled).toBe(false);
    const on = await t.app.inject({ method: 'PUT', url: '/api/delivery/sources/easypost', headers: { cookie: admin }, payload: { kind: 'easypost', enabled: true } });
    expect(on.json().enabled).toBe(true);
    expect((await t.db.query<{ secret: string }>(`SELECT secret FROM delivery_event_sources WHERE name = 'easypost'`))[0]!.secret).toBe(EASYPOST_SECRET);
  });

  it('EasyPost: a signed tracker.updated is stored, normalised and sets the estimates; its resend adds nothing', async () => {
    await addShipment(t.db, { external: 'EP-1', carrier: 'USPS', tracking: '9400100000000000000001', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', estimatedOn: '2026-11-19', country: 'SE' });
    const payload = easyPostEvent('9400100000000000000001', [
      { status: 'pre_transit', detail: 'label_created', at: '2026-11-16T08:00:00Z' },
      { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T07:30:00Z' },
    ]);
    const first = await easyPost(payload);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: 2, duplicates: 0, unmatched: 0, shipments: 1 });
    expect(await shipment('EP-1')).toMatchObject({
      status: 'in_transit', delivery_status: 'in_transit', delivery_sub_status: 'arrived_at_facility',
      original_estimated_delivery_on: '2026-11-19', estimated_delivery_on: '2026-11-21',
      first_scan_at: new Date('2026-11-17T07:30:00Z'), last_scan_at: new Date('2026-11-17T07:30:00Z'),
    });
    // EasyPost resends the whole history with every update: only the new checkpoint is stored.
    const again = await easyPost(easyPostEvent('9400100000000000000001', [
      { status: 'pre_transit', detail: 'label_created', at: '2026-11-16T08:00:00Z' },
      { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T07:30:00Z' },
      { status: 'delivered', detail: 'arrived_at_destination', at: '2026-11-18T09:10:00Z' },
    ]));
    expect(again.json()).toMatchObject({ stored: 1, duplicates: 2 });
    expect(await shipment('EP-1')).toMatchObject({ status: 'delivered', delivery_status: 'delivered', delivered_at: new Date('2026-11-18T09:10:00Z'), original_estimated_delivery_on: '2026-11-19' });
    expect((await easyPost(payload)).json()).toMatchObject({ stored: 0, duplicates: 2 });
  });

  // Decision 052: webhooks arriving together share one transaction; each sender still hears of its own update.
  it('answers webhooks that arrive together each with its own counts, a checkpoint both carry stored once', async () => {
    await addShipment(t.db, { external: 'EP-B1', carrier: 'USPS', tracking: '9400100000000000000091', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    await addShipment(t.db, { external: 'EP-B2', carrier: 'USPS', tracking: '9400100000000000000092', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    const scan = { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T07:30:00Z' };
    const answers = await Promise.all([
      easyPost(easyPostEvent('9400100000000000000091', [scan])),
      easyPost(easyPostEvent('9400100000000000000091', [scan, { status: 'out_for_delivery', at: '2026-11-18T06:00:00Z' }])),
      easyPost(easyPostEvent('9400100000000000000092', [scan])),
      easyPost(easyPostEvent('9400100000000099999999', [scan])),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.json())).toMatchObject([
      { stored: 1, duplicates: 0, shipments: 1 },
      { stored: 1, duplicates: 1, shipments: 1 },
      { stored: 1, duplicates: 0, shipments: 1 },
      { stored: 0, unmatched: 1, shipments: 0 },
    ]);
    expect(await shipment('EP-B1')).toMatchObject({ delivery_status: 'out_for_delivery' });
  });

  // Decision 052: a batch answers each sender for the notices and apologies its own update caused (delivery-flow's "delivered" webhook reads them).
  it('answers webhooks that arrive together each with the notices its own update caused', async () => {
    await addShipment(t.db, { external: 'EP-N1', carrier: 'USPS', tracking: '9400100000000000000081', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    await addShipment(t.db, { external: 'EP-N2', carrier: 'USPS', tracking: '9400100000000000000082', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    await addShipment(t.db, { external: 'EP-N3', carrier: 'USPS', tracking: '9400100000000000000083', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    const scan = { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T07:30:00Z' };
    // N3 is late first, on its own, and its customer told.
    expect((await easyPost(easyPostEvent('9400100000000000000083', [scan], '2026-11-26T00:00:00Z'))).json()).toMatchObject({ newly_late: 1, notices: { queued: 1, apologies: 0 } });
    const [first, ...together] = await Promise.all([
      easyPost(easyPostEvent('9400100000000099999998', [scan])),
      // N1's estimate moves past its promise: its customer is told.
      easyPost(easyPostEvent('9400100000000000000081', [scan], '2026-11-25T00:00:00Z')),
      // N2 keeps its promise: nobody is told.
      easyPost(easyPostEvent('9400100000000000000082', [scan], '2026-11-19T00:00:00Z')),
      // N1 again, resent: its notice is counted once, for the first update about it.
      easyPost(easyPostEvent('9400100000000000000081', [scan], '2026-11-25T00:00:00Z')),
      // N3 delivered: the apology with the survey.
      easyPost(easyPostEvent('9400100000000000000083', [scan, { status: 'delivered', at: '2026-11-18T09:10:00Z' }], '2026-11-26T00:00:00Z')),
    ]);
    expect(first!.json()).toMatchObject({ unmatched: 1, notices: { queued: 0, apologies: 0 } });
    expect(together.map((a) => a.json().notices)).toEqual([
      { considered: 1, queued: 1, suppressed: 0, unreachable: 0, apologies: 0 },
      { considered: 0, queued: 0, suppressed: 0, unreachable: 0, apologies: 0 },
      { considered: 0, queued: 0, suppressed: 0, unreachable: 0, apologies: 0 },
      { considered: 0, queued: 0, suppressed: 0, unreachable: 0, apologies: 1 },
    ]);
    const told = await t.db.query<{ template_key: string; external_id: string }>(
      `SELECT m.template_key, s.external_id FROM comms_messages m JOIN orders o ON o.customer_id = m.customer_id JOIN shipments s ON s.order_id = o.id
       WHERE s.external_id LIKE 'EP-N%' ORDER BY s.external_id, m.template_key`);
    expect(told.map((m) => [m.external_id, m.template_key])).toEqual([['EP-N1', 'delivery.delay_notice'], ['EP-N3', 'delivery.delay_notice'], ['EP-N3', 'delivery.delivered_apology']]);
  });

  it('EasyPost: unsigned, wrongly signed or tampered → 401 and nothing stored; other event kinds are acknowledged, not stored', async () => {
    const before = await stored();
    const payload = easyPostEvent('9400100000000000000001', [{ status: 'in_transit', at: '2026-11-18T01:00:00Z' }]);
    const body = JSON.stringify(payload);
    const unsigned = await post('easypost', body);
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.headers['content-type']).toContain('application/problem+json');
    expect((await easyPost(payload, 'another-secret-0123456789')).statusCode).toBe(401);
    const signature = easyPostSignature(EASYPOST_SECRET, Buffer.from(body));
    expect((await post('easypost', body.replace('in_transit', 'delivered'), { 'x-hmac-signature': signature })).statusCode).toBe(401);
    // A signature from another source's secret, and a source nobody configured: the same 401.
    expect((await post('aftership', body, { 'aftership-hmac-sha256': afterShipSignature(EASYPOST_SECRET, Buffer.from(body)) })).statusCode).toBe(401);
    expect((await post('nobody', body, { 'x-hmac-signature': signature })).statusCode).toBe(401);
    expect(await stored()).toEqual(before);
    const other = await easyPost({ object: 'Event', description: 'batch.updated', result: {} });
    expect(other.json()).toMatchObject({ ignored: 'batch.updated', stored: 0 });
    expect(await stored()).toEqual(before);
  });

  it('a malformed payload gets problem+json naming the field', async () => {
    const missing = await easyPost({ object: 'Event', description: 'tracker.updated', result: { carrier: 'USPS', tracking_details: [] } });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().errors).toEqual([{ field: 'body.result.tracking_code', message: 'is required' }]);
    const badDate = await afterShip(afterShipEvent('X1', [{ tag: 'InTransit', subtag: 'InTransit_001', at: 'yesterday' }]));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('body.msg.checkpoints.0.checkpoint_time');
    const notJson = await post('shippo', '{"event": "track_upd', {}, `?token=${SHIPPO_TOKEN}`);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().errors).toEqual([{ field: 'body', message: 'is not JSON' }]);
  });

  it('Shippo: authenticated by its token (URL or header); its repeated webhooks are deduplicated; a wrong token is refused', async () => {
    await addShipment(t.db, { external: 'SH-1', carrier: 'USPS', tracking: 'SHIPPO-0001', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    const body = JSON.stringify(shippoEvent('SHIPPO-0001', 'TRANSIT', '2026-11-17T12:00:00Z', 'out_for_delivery'));
    const first = await post('shippo', body, {}, `?token=${SHIPPO_TOKEN}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: 1, duplicates: 0 });
    const repeated = await post('shippo', body, { 'x-rebound-token': SHIPPO_TOKEN });
    expect(repeated.json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await shipment('SH-1')).toMatchObject({ delivery_status: 'out_for_delivery', delivery_sub_status: 'out_for_delivery', estimated_delivery_on: '2026-11-20' });
    // The token in the URL never reaches a request log.
    expect(redactUrl(`/api/delivery/webhooks/shippo?token=${SHIPPO_TOKEN}`)).not.toContain(SHIPPO_TOKEN);
    const before = await stored();
    expect((await post('shippo', body, {}, '?token=wrong-token-0123456789')).statusCode).toBe(401);
    expect((await post('shippo', body)).statusCode).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('AfterShip: the base64 HMAC header authenticates; tags map to the vocabulary; a resend adds nothing', async () => {
    await addShipment(t.db, { external: 'AS-1', carrier: 'PostNord', tracking: 'AS-0001', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-19', country: 'SE' });
    const payload = afterShipEvent('AS-0001', [
      { tag: 'InTransit', subtag: 'InTransit_002', at: '2026-11-16T15:00:00Z' },
      { tag: 'Exception', subtag: 'Exception_004', at: '2026-11-17T15:00:00Z' },
    ]);
    const first = await afterShip(payload);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: 2, newly_late: 1 });
    expect(await shipment('AS-1')).toMatchObject({ status: 'delayed', delivery_status: 'exception', delivery_sub_status: 'exception_004', estimated_delivery_on: '2026-11-24' });
    expect((await afterShip(payload)).json()).toMatchObject({ stored: 0, duplicates: 2 });
    const tampered = JSON.stringify(payload);
    expect((await post('aftership', tampered.replace('Exception_004', 'Exception_005'), { 'aftership-hmac-sha256': afterShipSignature(AFTERSHIP_SECRET, Buffer.from(tampered)) })).statusCode).toBe(401);
    // Evaluated as it arrived: the exception makes the order late before its promised day (tomorrow);
    // days late: the new estimate (Tue 24th) counted in Swedish working days after the promise (Thu 19th).
    const delays = (await t.app.inject({ method: 'GET', url: '/api/delivery/delays', headers: { cookie: admin } })).json();
    expect(delays.find((d: { shipment: string }) => d.shipment === 'AS-1')).toMatchObject({ rule: 'exception_status', cause_tag: 'carrier_exception', days_late: 3, priority: true, calendar: 'SE' });
  });

  it('an event for an unknown tracking code is kept apart for review, and matched once its shipment exists', async () => {
    const payload = easyPostEvent('UNKNOWN-0001', [{ status: 'in_transit', at: '2026-11-17T10:00:00Z' }]);
    const response = await easyPost(payload);
    expect(response.json()).toMatchObject({ stored: 0, unmatched: 1 });
    expect((await easyPost(payload)).json()).toMatchObject({ unmatched: 1 });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/delivery/unmatched-events', headers: { cookie: admin } })).json();
    const kept = listed.filter((e: { tracking_code: string }) => e.tracking_code === 'UNKNOWN-0001');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ source: 'easypost', carrier: 'USPS', reason: 'unknown_tracking_code', resolved_at: null });
    await addShipment(t.db, { external: 'LATE-IMPORT', carrier: 'usps', tracking: 'UNKNOWN-0001', shippedAt: '2026-11-16T12:00:00Z', promisedOn: '2026-11-22' });
    const retry = await t.app.inject({ method: 'POST', url: `/api/delivery/unmatched-events/${kept[0].id}/retry`, headers: { cookie: admin } });
    expect(retry.json()).toEqual({ matched: true });
    expect(await shipment('LATE-IMPORT')).toMatchObject({ delivery_status: 'in_transit' });
  });

  it('a recycled tracking code does not merge two shipments: each event goes to the shipment of its time', async () => {
    const old = await addShipment(t.db, { external: 'RC-OLD', carrier: 'USPS', tracking: 'RECYCLED-1', shippedAt: '2026-06-01T09:00:00Z', promisedOn: '2026-06-04' });
    const current = await addShipment(t.db, { external: 'RC-NEW', carrier: 'usps', tracking: 'RECYCLED-1', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-20' });
    await easyPost(easyPostEvent('RECYCLED-1', [{ status: 'in_transit', at: '2026-11-17T09:00:00Z' }]));
    await easyPost(easyPostEvent('RECYCLED-1', [{ status: 'delivered', at: '2026-06-03T09:00:00Z' }]));
    const events = await t.db.query<{ shipment_id: number; status: string }>(`SELECT e.shipment_id, e.status FROM delivery_events e JOIN shipments s ON s.id = e.shipment_id WHERE s.tracking_number = 'RECYCLED-1' ORDER BY e.occurred_at`);
    expect(events).toEqual([{ shipment_id: old, status: 'delivered' }, { shipment_id: current, status: 'in_transit' }]);
    expect(await shipment('RC-NEW')).toMatchObject({ delivery_status: 'in_transit', delivered_at: null });
    // An event long before any shipment with that code was handed over belongs to none of them.
    expect((await easyPost(easyPostEvent('RECYCLED-1', [{ status: 'in_transit', at: '2025-12-01T09:00:00Z' }]))).json()).toMatchObject({ unmatched: 1 });
    const [kept] = await t.db.query<{ reason: string }>(`SELECT reason FROM delivery_unmatched_events WHERE tracking_code = 'RECYCLED-1'`);
    expect(kept!.reason).toBe('outside_shipment_window');
  });

  it('imports CSV and JSON Lines: every bad line named with its column, nothing stored; a good file is stored once', async () => {
    await addShipment(t.db, { external: 'IM-1', carrier: 'DHL Express', tracking: 'IMP-0001', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-21' });
    const before = await stored();
    const bad = 'carrier,tracking_code,occurred_at,status,sub_status\nDHL Express,IMP-0001,2026-11-17T08:00:00Z,in_transit,\nDHL Express,,2026-11-17T09:00:00Z,in_transit,\nDHL Express,IMP-0001,2026-11-17T10:00:00Z,teleported,\n';
    const refused = await t.app.inject({ method: 'POST', url: '/api/delivery/events/import', headers: { cookie: admin, 'content-type': 'text/csv' }, payload: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ committed: false, rowsRead: 3, rejected: 2, errors: [{ line: 3, field: 'tracking_code', message: 'is required' }, { line: 4, field: 'status' }] });
    expect(await stored()).toEqual(before);
    const lines = [
      { carrier: 'dhl_express', tracking_code: 'IMP-0001', occurred_at: '2026-11-17T08:00:00Z', status: 'InTransit', sub_status: 'InTransit_001', estimated_delivery_on: '2026-11-23' },
      { carrier: 'DHLExpress', tracking_code: 'IMP-0001', occurred_at: '2026-11-18T08:00:00Z', status: 'exception', sub_status: 'customs_hold', location: 'Leipzig' },
    ].map((l) => JSON.stringify(l)).join('\n');
    const ok = await t.app.inject({ method: 'POST', url: '/api/delivery/events/import', headers: { cookie: admin, 'content-type': 'application/x-ndjson' }, payload: lines });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ committed: true, rowsRead: 2, received: { stored: 2, shipments: 1 } });
    expect(await shipment('IM-1')).toMatchObject({ delivery_status: 'exception', delivery_sub_status: 'customs_hold', estimated_delivery_on: '2026-11-23' });
    const again = await t.app.inject({ method: 'POST', url: '/api/delivery/events/import', headers: { cookie: admin, 'content-type': 'application/x-ndjson' }, payload: lines });
    expect(again.json()).toMatchObject({ received: { stored: 0, duplicates: 2 } });
  });
  it('EPCIS events: parcels named by SSCC (EPC URN or Digital Link) or business transaction; steps mapped; a resend adds nothing', async () => {
    await addShipment(t.db, { external: 'EPCIS-1', carrier: 'DB Schenker', tracking: '040123450000000016', shippedAt: '2026-11-16T08:00:00Z', promisedOn: '2026-11-19' });
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-11-18T10:00:00Z',
      epcisBody: { eventList: [
        { type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-11-16T10:00:00Z', eventTimeZoneOffset: '+00:00', epcList: ['urn:epc:id:sscc:4012345.0000000001'], bizStep: 'departing', disposition: 'in_transit', readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' } },
        { type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-11-18T09:00:00Z', eventTimeZoneOffset: '+00:00', epcList: ['https://id.gs1.org/00/040123450000000016'], bizStep: 'https://ref.gs1.org/cbv/BizStep-receiving' },
        { type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-11-17T09:00:00Z', eventTimeZoneOffset: '+00:00', epcList: [], bizStep: 'shipping', bizTransactionList: [{ type: 'bol', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:BOL-999' }] },
      ] },
    };
    const send = () => t.app.inject({ method: 'POST', url: '/api/delivery/events/epcis', headers: { cookie: admin, 'content-type': 'application/ld+json' }, payload: JSON.stringify(doc) });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ events: 3, stored: 2, unmatched: 1, shipments: 1 });
    expect(await shipment('EPCIS-1')).toMatchObject({ delivery_status: 'delivered', delivery_sub_status: 'receiving', first_scan_at: new Date('2026-11-16T10:00:00Z'), delivered_at: new Date('2026-11-18T09:00:00Z') });
    const [kept] = await t.db.query<{ carrier: string; tracking_code: string }>(`SELECT carrier, tracking_code FROM delivery_unmatched_events WHERE source = 'epcis'`);
    expect(kept).toEqual({ carrier: 'unknown', tracking_code: 'BOL-999' });
    expect((await send()).json()).toMatchObject({ stored: 0, duplicates: 2 });
    const notEpcis = await t.app.inject({ method: 'POST', url: '/api/delivery/events/epcis', headers: { cookie: admin, 'content-type': 'application/ld+json' }, payload: '{"type": "Nothing"}' });
    expect(notEpcis.statusCode).toBe(400);
    expect(notEpcis.json().errors[0].field).toBe('body');
  });
});
