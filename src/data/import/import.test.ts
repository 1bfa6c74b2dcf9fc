import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { IMPORTERS } from './entities/index.ts';
import { importStream } from './import-file.ts';
import type { ImportFormat } from './readers.ts';

const run = (db: Db, entity: keyof typeof IMPORTERS, text: string, format: ImportFormat = 'csv', extra: { skipInvalid?: boolean } = {}) =>
  importStream(db, IMPORTERS[entity], Readable.from([text]), format, { actor: systemActor, source: 'test', ...extra });

const count = async (db: Db, table: string) => (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;

describe('importing the data hub', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('imports customers with consents per channel and records the import in the audit log', async () => {
    const result = await run(
      db,
      'customers',
      [
        'external_id,name,email,phone,language,time_zone,tier,country,consent_email,consent_sms,consent_recorded_at,consent_source',
        'C1,Анна Смирнова,anna@example.com,+7 912 000-00-01,ru,Europe/Moscow,gold,RU,true,false,2025-03-01T10:00:00Z,loyalty-signup',
        'C2,Karin Lindqvist,karin@example.se,,sv,Europe/Stockholm,,SE,true,,,',
      ].join('\n'),
    );
    expect(result).toMatchObject({ committed: true, rowsRead: 2, imported: 2, rejected: 0 });
    const consents = await db.query(
      `SELECT c.external_id, k.channel, k.granted, k.source FROM customer_consents k JOIN customers c ON c.id = k.customer_id ORDER BY 1, 2`,
    );
    expect(consents).toEqual([
      { external_id: 'C1', channel: 'email', granted: true, source: 'loyalty-signup' },
      { external_id: 'C1', channel: 'sms', granted: false, source: 'loyalty-signup' },
      { external_id: 'C2', channel: 'email', granted: true, source: 'import' },
    ]);
    const [anna] = await db.query(`SELECT phone, tier, time_zone FROM customers WHERE external_id = 'C1'`);
    expect(anna).toEqual({ phone: '+79120000001', tier: 'gold', time_zone: 'Europe/Moscow' });
    const audit = await db.query(`SELECT action, entity, details FROM audit_log WHERE entity = 'customers'`);
    expect(audit).toEqual([{ action: 'import', entity: 'customers', details: { source: 'test', rowsRead: 2, imported: 2, rejected: 0 } }]);
  });

  it('writes nothing when one row is invalid, and names every bad line and field', async () => {
    const before = await count(db, 'customers');
    const result = await run(
      db,
      'customers',
      ['external_id,name,email,language,time_zone', 'C3,Ok Person,ok@example.com,en,UTC', 'C4,Bad Mail,not-an-email,en,UTC', 'C5,,x@example.com,xx,Mars/Base'].join('\n'),
    );
    expect(result.committed).toBe(false);
    expect(result.imported).toBe(0);
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      { line: 3, field: 'email', message: '"not-an-email" is not an e-mail address' },
      { line: 4, field: 'name', message: 'is required' },
      { line: 4, field: 'language', message: '"xx" is not one of en, ru, uk, sv' },
      { line: 4, field: 'time_zone', message: '"Mars/Base" is not an IANA time zone (e.g. Europe/Stockholm)' },
    ]);
    expect(await count(db, 'customers')).toBe(before);
  });

  it('keeps the valid rows with skipInvalid and hands each rejected record over', async () => {
    const rejected: number[] = [];
    const result = await importStream(
      db,
      IMPORTERS.customers,
      Readable.from(['external_id,name,email\nC6,Six,six@example.com\nC7,Seven,bad\n']),
      'csv',
      { actor: systemActor, source: 'test', skipInvalid: true, onReject: (record) => rejected.push(record.line) },
    );
    expect(result).toMatchObject({ committed: true, imported: 1, rejected: 1 });
    expect(rejected).toEqual([3]);
    expect(await db.query(`SELECT external_id FROM customers WHERE external_id IN ('C6', 'C7')`)).toEqual([{ external_id: 'C6' }]);
  });

  it('refuses a file whose header has an unknown or missing column before reading rows', async () => {
    const result = await run(db, 'products', 'gtin,nmae\n4006381333931,Pen\n');
    expect(result.committed).toBe(false);
    expect(result.errors).toEqual([
      { line: 1, field: 'nmae', message: 'unknown column (expected: gtin, sku, name, brand, category)' },
      { line: 1, field: 'name', message: 'required column is missing' },
    ]);
  });

  it('validates GTIN check digits and lot dates', async () => {
    const products = await run(db, 'products', 'gtin,sku,name\n4006381333931,PEN-1,Pen\n4006381333932,PEN-2,Bad pen\n', 'csv', { skipInvalid: true });
    expect(products.errors).toEqual([{ line: 3, field: 'gtin', message: '"4006381333932" has a wrong check digit' }]);
    const lots = await run(db, 'lots', 'gtin,lot_code,produced_on,expires_on\n04006381333931,L1,2026-01-10,2026-01-01\n4006381333931,L2,2026-02-30,\n');
    expect(lots.errors).toEqual([
      { line: 2, field: 'expires_on', message: '2026-01-01 is before produced_on 2026-01-10' },
      { line: 3, field: 'produced_on', message: '2026-02-30 is not a real date' },
    ]);
  });

  it('imports order lines from JSON Lines, creating orders and resolving customer, store, product and lot', async () => {
    await run(db, 'lots', 'gtin,lot_code,produced_on,expires_on,quantity_produced\n4006381333931,L1,2026-01-01,2026-06-01,1000\n');
    await run(db, 'locations', 'external_id,gln,kind,name,chain,region,country\nS1,4601234567893,store,Store One,Chain A,Moscow,RU\n');
    const lines = [
      { order_external_id: 'O1', ordered_at: '2026-02-01T10:00:00Z', channel: 'store', location_external_id: 'S1', customer_external_id: 'C1', line_no: 1, gtin: '4006381333931', lot_code: 'L1', quantity: 2, unit_price_minor: 12900, currency: 'RUB' },
      { order_external_id: 'O1', ordered_at: '2026-02-01T10:00:00Z', channel: 'store', location_external_id: 'S1', customer_external_id: 'C1', line_no: 2, gtin: '04006381333931', serial: 'SN-1', quantity: 1, unit_price_minor: 12900, currency: 'RUB' },
      { order_external_id: 'O2', ordered_at: '2026-02-02T10:00:00Z', channel: 'store', location_external_id: 'S1', line_no: 1, gtin: '4006381333931', lot_code: 'L1', quantity: 1, unit_price_minor: 12900, currency: 'RUB' },
    ];
    const result = await run(db, 'order-lines', lines.map((l) => JSON.stringify(l)).join('\n'), 'jsonl');
    expect(result).toMatchObject({ committed: true, imported: 3, rejected: 0 });
    const traced = await db.query(
      `SELECT o.external_id, c.external_id AS customer, ol.quantity FROM order_lines ol
       JOIN lots l ON l.id = ol.lot_id JOIN orders o ON o.id = ol.order_id LEFT JOIN customers c ON c.id = o.customer_id
       WHERE l.lot_code = 'L1' ORDER BY 1`,
    );
    expect(traced).toEqual([
      { external_id: 'O1', customer: 'C1', quantity: 2 },
      { external_id: 'O2', customer: null, quantity: 1 },
    ]);
    // Importing the same lines again changes nothing (idempotent by order and line number).
    await run(db, 'order-lines', lines.map((l) => JSON.stringify(l)).join('\n'), 'jsonl');
    expect(await count(db, 'order_lines')).toBe(3);
  });

  it('imports a return (kind "return") as an order of its own kind; a sale needs no kind, a wrong kind is refused', async () => {
    const line = { order_external_id: 'R1', ordered_at: '2026-02-03T10:00:00Z', channel: 'online', customer_external_id: 'C1', line_no: 1, gtin: '4006381333931', quantity: 1, unit_price_minor: 12900, currency: 'RUB', kind: 'return' };
    expect(await run(db, 'order-lines', JSON.stringify(line), 'jsonl')).toMatchObject({ committed: true, imported: 1 });
    const kinds = await db.query(`SELECT external_id, kind FROM orders WHERE external_id IN ('O1', 'R1') ORDER BY 1`);
    expect(kinds).toEqual([{ external_id: 'O1', kind: 'sale' }, { external_id: 'R1', kind: 'return' }]);
    const wrong = await run(db, 'order-lines', JSON.stringify({ ...line, order_external_id: 'R2', kind: 'refund' }), 'jsonl');
    expect(wrong).toMatchObject({ committed: false, rejected: 1 });
  });

  it('names unknown references and contradicting order headers by line', async () => {
    const text = [
      'order_external_id,ordered_at,channel,location_external_id,customer_external_id,line_no,gtin,lot_code,quantity,unit_price_minor,currency',
      'O9,2026-02-01T10:00:00Z,store,S1,NOBODY,1,4006381333931,L1,1,100,RUB',
      'O9,2026-02-01T10:00:00Z,store,S1,,2,4006381333931,NOLOT,1,100,RUB',
      'O10,2026-02-01T10:00:00Z,store,,,1,4006381333931,,1,100,RUB',
      'O11,2026-02-01T10:00:00Z,online,,,1,4006381333931,,1,100,RUB',
      'O11,2026-02-03T10:00:00Z,online,,,2,4006381333931,,1,100,RUB',
      '{"json": 1}',
    ].join('\n');
    const result = await run(db, 'order-lines', text);
    expect(result.committed).toBe(false);
    expect(result.errors).toEqual([
      { line: 2, field: 'customer_external_id', message: 'no customer "NOBODY"' },
      { line: 3, field: 'customer_external_id', message: 'differs from line 2 of the same order ("NOBODY")' },
      { line: 4, field: 'location_external_id', message: 'required for a store sale' },
      { line: 6, field: 'ordered_at', message: 'differs from line 5 of the same order ("2026-02-01T10:00:00.000Z")' },
      { line: 7, field: '(csv)', message: expect.stringContaining('Invalid Opening Quote') },
    ]);
    expect(result.rejected).toBe(5);
  });

  it('reports JSON Lines that are not JSON objects, and unknown fields', async () => {
    const result = await run(db, 'products', '{"gtin":"4006381333931","name":"Pen","colour":"red"}\nnot json\n[1]\n', 'jsonl');
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'colour'],
      [2, '(json)'],
      [3, '(json)'],
    ]);
  });
});
