import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { corpus } from '../../../test/corpora.ts';
import { importEpcisFile } from '../../data/epcis/index.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { readZip } from '../../platform/spreadsheet/zip.ts';
import { FSMA_COLUMNS, type Fsma204Row } from './fsma204.ts';

/** The cells of a worksheet as rows of text, read back from the XML the way a spreadsheet program does. */
function sheetRows(xml: string): string[][] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, , cells]) => {
    const row: string[] = [];
    for (const [, ref, body] of cells!.matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/g)) {
      const column = [...ref!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const text = body ? (/<t[^>]*>(.*?)<\/t>/.exec(body)?.[1] ?? /<v>(.*?)<\/v>/.exec(body)?.[1] ?? '') : '';
      row[column] = unescape(text);
    }
    return Array.from(row, (v) => v ?? '');
  });
}

describe('issue 16.6 (R12): the FSMA 204 sortable spreadsheet from imported EPCIS events', () => {
  let t: TestApp;
  let cookie: string;
  const LOT = '4444';
  const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/traceability/fsma204?${query}`, headers: { cookie } });

  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['manager']);
    // GS1's own examples: a receiving (lot 998877), a shipping and a transformation of lot 4444, and the standard's 9.6.4 transformation.
    for (const file of [
      corpus('epcis', 'XML', 'WithFullCombinationOfFields', 'object_event_all_possible_fields.xml'),
      corpus('epcis', 'XML', 'WithFullCombinationOfFields', 'transaction_event_all_possible_fields.xml'),
      corpus('epcis', 'XML', 'WithFullCombinationOfFields', 'transformation_event_all_possible_fields.xml'),
      corpus('epcis', 'JSON', 'Example_9.6.4-TransformationEvent.jsonld'),
    ]) {
      const result = await importEpcisFile(t.db, file, systemActor);
      expect(result.ok, `${file}: ${JSON.stringify(result.rejected)} ${result.documentError ?? ''}`).toBe(true);
    }
  });
  afterAll(async () => t.close());

  it('lists every critical tracking event of the lot with its key data elements, and what each row lacks', async () => {
    const response = await get(`lot=${LOT}`);
    expect(response.statusCode, response.body).toBe(200);
    const { rows, missing } = response.json() as { rows: Fsma204Row[]; missing: { element: string; rows: number }[] };
    const shipping = rows.find((r) => r.cte === 'Shipping')!;
    expect(shipping).toMatchObject({
      traceability_lot_code: LOT, quantity: 10, unit_of_measure: 'KGM', event_date: '2005-04-03',
      ship_from_location: 'GLN 4012345002256', ship_to_location: 'GLN 0614141007776',
      reference_documents: 'po urn:epc:id:gdti:0614141.00001.1618034; pedigree urn:epc:id:gsrn:0614141.0000010253',
    });
    // The lot's source: where a transformation put it out (GS1's transformation example outputs lot 4444 too).
    expect(shipping.traceability_lot_code_source).toMatch(/^GLN \d{13}$/);
    // The product came in as a bare GTIN: its description is missing, and said so.
    expect(shipping.missing).toContain('product_description');
    expect(rows.filter((r) => r.cte === 'Transformation (input)' && r.traceability_lot_code === LOT)).toHaveLength(2);
    // 9.6.4 consumed the lot into serialised units with no lot code: rows of their own, each lacking a TLC.
    const outputsWithoutLot = rows.filter((r) => r.cte === 'Transformation (output)' && r.traceability_lot_code === null);
    expect(outputsWithoutLot.length).toBeGreaterThanOrEqual(4);
    for (const row of outputsWithoutLot) expect(row.missing).toContain('traceability_lot_code');
    // No receiving of lot 4444 is on record; the other lot's receiving is not in this lot's sheet.
    expect(rows.some((r) => r.traceability_lot_code === '998877')).toBe(false);
    expect(missing.find((m) => m.element === 'traceability_lot_code')!.rows).toBe(rows.filter((r) => r.missing.includes('traceability_lot_code')).length);
  });

  it('a receiving event names where the lot came from and where it was received', async () => {
    const { rows } = (await get('lot=998877')).json() as { rows: Fsma204Row[] };
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cte: 'Receiving', quantity: 200, unit_of_measure: 'KGM', ship_from_location: 'GLN 4012345002256', ship_to_location: 'GLN 0614141007776', event_date: '2005-04-04' });
    expect(rows[0]!.missing).toEqual(expect.arrayContaining(['traceability_lot_code_source', 'product_description']));
  });

  it('downloads an XLSX that opens: the sheet holds the same rows, sortable behind a filtered, frozen header', async () => {
    const json = (await get(`lot=${LOT}`)).json() as { rows: Fsma204Row[] };
    const response = await get(`lot=${LOT}&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('fsma204-4444.xlsx');
    const parts = new Map(readZip(response.rawPayload).map((e) => [e.name, e.data.toString('utf8')]));
    expect([...parts.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']));
    expect(parts.get('xl/workbook.xml')).toContain('name="KDEs per CTE"');
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain(`<autoFilter ref="A1:O${json.rows.length + 1}"/>`);
    expect(sheet).toContain('state="frozen"');
    const [header, ...data] = sheetRows(sheet);
    expect(header).toEqual([...FSMA_COLUMNS]);
    expect(data).toHaveLength(json.rows.length);
    const column = (name: (typeof FSMA_COLUMNS)[number]) => FSMA_COLUMNS.indexOf(name);
    data.forEach((row, i) => {
      const expected = json.rows[i]!;
      expect(row[column('Critical tracking event')]).toBe(expected.cte);
      expect(row[column('Traceability lot code')] || null).toBe(expected.traceability_lot_code);
      expect(row[column('Quantity')] === '' ? null : Number(row[column('Quantity')])).toBe(expected.quantity);
      expect(row[column('Reference documents')] || null).toBe(expected.reference_documents);
    });
    // Numbers are numbers (they sort as such), text is text.
    expect(sheet).toMatch(/<c r="G2"><v>\d+<\/v><\/c>/);
    const missingSheet = sheetRows(parts.get('xl/worksheets/sheet2.xml')!);
    expect(missingSheet[0]).toEqual(['Key data element', 'Rows lacking it', 'Of rows']);
    expect(missingSheet.some((r) => r[0] === 'traceability lot code')).toBe(true);
  });

  it('gives the same rows as CSV, and a product over a date range', async () => {
    const csv = await get(`lot=${LOT}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(FSMA_COLUMNS.join(','));
    const json = (await get(`lot=${LOT}`)).json() as { rows: Fsma204Row[] };
    expect(lines).toHaveLength(json.rows.length + 1);
    const gtin = json.rows.find((r) => r.cte === 'Shipping')!.product_gtin;
    const period = (await get(`gtin=${gtin}&from=2005-04-01&to=2005-04-30`)).json() as { rows: Fsma204Row[] };
    expect(period.rows.map((r) => r.cte)).toContain('Shipping');
    expect(period.rows.every((r) => r.event_date! >= '2005-04-01' && r.event_date! <= '2005-04-30')).toBe(true);
    expect(((await get(`gtin=${gtin}&from=2006-01-01&to=2006-12-31`)).json() as { rows: unknown[] }).rows).toEqual([]);
  });

  it('refuses a selection that names neither a lot nor a product and period, naming the field', async () => {
    const none = await get('gtin=04012345111118');
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json().errors[0].field).toBe('querystring.lot');
    expect((await get('gtin=123&from=2005-01-01&to=2005-02-01')).json().errors[0].field).toBe('querystring.gtin');
    expect((await get('lot=4444&from=2005-05-01&to=2005-04-01')).json().errors[0].field).toBe('querystring.to');
    const viewerless = await t.app.inject({ method: 'GET', url: `/api/traceability/fsma204?lot=${LOT}` });
    expect(viewerless.statusCode).toBe(401);
  });
});
