import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { corpus } from '../../../test/corpora.ts';

describe('POST /api/imports/epcis', () => {
  let t: TestApp;
  let manager: string;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
  });
  afterAll(async () => t.close());

  const post = (body: string, contentType: string, cookie = manager, query = '') =>
    t.app.inject({ method: 'POST', url: `/api/imports/epcis${query}`, headers: { cookie, 'content-type': contentType }, payload: body });

  it('imports an XML document (application/xml) as its JSON-LD twin (application/ld+json)', async () => {
    const xml = await post(readFileSync(corpus('epcis', 'XML', 'Mimasu', 'Example4.xml'), 'utf8'), 'application/xml');
    expect(xml.statusCode).toBe(200);
    expect(xml.json()).toMatchObject({ ok: true, eventsRead: 1, eventsImported: 1, movements: 9 });
    const fromXml = await t.db.query('SELECT event_type, event_time, biz_step FROM supply_events');
    await t.db.query('DELETE FROM supply_events');

    const json = await post(readFileSync(corpus('epcis', 'JSON', 'Example_9.6.4-TransformationEvent.jsonld'), 'utf8'), 'application/ld+json');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ ok: true, eventsImported: 1, movements: 9 });
    expect(await t.db.query('SELECT event_type, event_time, biz_step FROM supply_events')).toEqual(fromXml);
  });

  it('takes text/xml too, and answers 422 problem+json naming the line of broken XML', async () => {
    const response = await post('<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">\n<EPCISBody>\n</EventList>', 'text/xml');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ type: '/problems/import.epcis_rejected', ok: false, detail: 'not well-formed XML: line 3: </EventList> closes <EPCISBody> (line 2)' });
  });

  it('refuses a document in neither format with the reason, and writes nothing', async () => {
    await t.db.query('DELETE FROM supply_events');
    const response = await post('gtin,lot\n4012345111118,L1\n', 'application/json');
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toMatch(/^not an EPCIS 2\.0 document \(JSON-LD or XML expected\)/);
    expect(await t.db.query('SELECT id FROM supply_events')).toEqual([]);
  });

  it('answers 415 to another content type, and 403 to a role that may not import', async () => {
    expect((await post('a,b\n', 'text/csv')).statusCode).toBe(415);
    const viewer = await t.login(['viewer']);
    expect((await post('<x/>', 'application/xml', viewer)).statusCode).toBe(403);
  });
});
