import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { IMPORTERS } from './entities/index.ts';
import { importFile, importStream } from './import-file.ts';
import { onImportWritten } from './import-hooks.ts';
import { csvChunks, readHeader } from './staged.ts';

const HEADER = 'order_external_id,ordered_at,channel,location_external_id,customer_external_id,line_no,gtin,lot_code,serial,quantity,unit_price_minor,currency,kind';
const LINES = [
  'SO1,2026-02-01T10:00:00Z,store,S1,C1,1,4006381333931,L1,,2,12900,RUB,',
  'SO1,2026-02-01T10:00:00Z,store,S1,C1,2,04006381333931,,SN-1,1,12900,RUB,',
  'SO2,2026-02-02 11:30:00.250+03:00,online,,,1,4006381333931,L1,,1,500,RUB,return',
  // The same order line twice: the last one wins, as row by row.
  'SO1,2026-02-01T10:00:00Z,store,S1,C1,2,04006381333931,,SN-1,3,12900,RUB,',
];

const ordersAndLines = (db: Db) =>
  db.query(
    `SELECT o.external_id, o.channel, o.kind, o.currency, o.ordered_at, c.external_id AS customer, loc.external_id AS location,
            ol.line_no, p.gtin, l.lot_code, ol.serial, ol.quantity, ol.unit_price_minor
     FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN products p ON p.id = ol.product_id
     LEFT JOIN lots l ON l.id = ol.lot_id LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN locations loc ON loc.id = o.location_id
     WHERE o.external_id LIKE 'SO%' ORDER BY o.external_id, ol.line_no`,
  );

describe('staged import (COPY into a staging table, set-based checks and upserts)', () => {
  let db: Db;
  let dir: string;
  const load = (entity: keyof typeof IMPORTERS, text: string) => importStream(db, IMPORTERS[entity], Readable.from([text]), 'csv', { actor: systemActor, source: 'test' });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    db = await openTestDb();
    dir = mkdtempSync(join(tmpdir(), 'rebound-staged-test-'));
    await load('products', 'gtin,sku,name\n4006381333931,PEN,Pen\n');
    await load('customers', 'external_id,name\nC1,Anna\n');
    await load('lots', 'gtin,lot_code,produced_on,expires_on\n4006381333931,L1,2026-01-01,2026-06-01\n');
    await load('locations', 'external_id,gln,kind,name\nS1,4601234567893,store,Store One\n');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a clean file staged, writing what the row-by-row path writes, idempotently, and tells the import hooks', async () => {
    const written: number[] = [];
    const off = onImportWritten('staged-test', async (_tx, w) => {
      written.push(w.imported);
    });
    try {
      const path = file('clean.csv', `${HEADER}\n${LINES.join('\n')}\n`);
      const staged = await importFile(db, IMPORTERS['order-lines'], path, 'csv', { actor: systemActor, source: 'test' });
      expect(staged).toMatchObject({ method: 'staged', committed: true, rowsRead: 4, imported: 4, rejected: 0, errors: [] });
      const afterStaged = await ordersAndLines(db);

      // The same rows as JSON Lines go row by row: the database ends up the same.
      await db.exec(`DELETE FROM orders WHERE external_id LIKE 'SO%'`);
      const jsonl = LINES.map((line) => {
        const values = line.split(',');
        return JSON.stringify(Object.fromEntries(HEADER.split(',').map((c, i) => [c, values[i] === '' ? null : values[i]])));
      }).join('\n');
      const rowByRow = await importStream(db, IMPORTERS['order-lines'], Readable.from([jsonl]), 'jsonl', { actor: systemActor, source: 'test' });
      expect(rowByRow).toMatchObject({ method: 'row-by-row', committed: true, imported: 4 });
      expect(await ordersAndLines(db)).toEqual(afterStaged);
      expect(afterStaged).toHaveLength(3);
      expect(afterStaged[1]).toMatchObject({ external_id: 'SO1', line_no: 2, quantity: 3, serial: 'SN-1', lot_code: null });
      expect(afterStaged[2]).toMatchObject({ external_id: 'SO2', kind: 'return', customer: null, location: null });

      // Again: nothing new.
      const again = await importFile(db, IMPORTERS['order-lines'], path, 'csv', { actor: systemActor, source: 'test' });
      expect(again).toMatchObject({ method: 'staged', committed: true, imported: 4 });
      expect(await ordersAndLines(db)).toEqual(afterStaged);
      expect(written).toEqual([4, 4, 4]);
    } finally {
      off();
    }
  });

  it('hands a file with a bad row to the row-by-row path, which names the line and field; nothing is written', async () => {
    const path = file('bad.csv', `${HEADER}\n${LINES[0]}\nSO3,2026-02-01T10:00:00Z,shop,,,1,4006381333931,,,1,100,RUB,\nSO4,2026-02-01T10:00:00Z,online,,NOBODY,1,4006381333931,,,1,100,RUB,\n`);
    const result = await importFile(db, IMPORTERS['order-lines'], path, 'csv', { actor: systemActor, source: 'test' });
    expect(result).toMatchObject({ method: 'row-by-row', committed: false, notStagedBecause: 'a row needs the row-by-row checks' });
    expect(result.errors).toEqual([
      { line: 3, field: 'channel', message: '"shop" is not one of store, online, phone, marketplace' },
      { line: 4, field: 'customer_external_id', message: 'no customer "NOBODY"' },
    ]);
    expect(await db.query(`SELECT 1 FROM orders WHERE external_id IN ('SO3', 'SO4')`)).toEqual([]);
  });

  it('updates orders that exist and inserts new ones in one staged file, as row by row', async () => {
    const path = file('mixed.csv', `${HEADER}\n${LINES[0]}\nSO1,2026-02-01T10:00:00Z,store,S1,C1,3,4006381333931,L1,,5,100,RUB,\nSO8,2026-02-03T09:00:00Z,phone,,C1,1,4006381333931,,,7,250,RUB,\n`);
    const result = await importFile(db, IMPORTERS['order-lines'], path, 'csv', { actor: systemActor, source: 'test' });
    expect(result).toMatchObject({ method: 'staged', committed: true, imported: 3 });
    const rows = (await ordersAndLines(db)).filter((r) => r.external_id === 'SO1' || r.external_id === 'SO8');
    expect(rows.map((r) => [r.external_id, r.line_no, r.quantity, r.customer])).toEqual([
      ['SO1', 1, 2, 'C1'],
      ['SO1', 2, 3, 'C1'],
      ['SO1', 3, 5, 'C1'],
      ['SO8', 1, 7, 'C1'],
    ]);
  });

  it('hands a file with lines contradicting their order, a month or day that does not exist or a bad GTIN to the row-by-row path', async () => {
    const contradicting = await importFile(db, IMPORTERS['order-lines'], file('contradicting.csv', `${HEADER}\nSO9,2026-02-01T10:00:00Z,online,,,1,4006381333931,,,1,100,RUB,\nSO9,2026-02-01T10:00:00Z,phone,,,2,4006381333931,,,1,100,RUB,\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(contradicting).toMatchObject({ method: 'row-by-row', committed: false, notStagedBecause: 'a row refers to something unknown or contradicts another' });
    expect(contradicting.errors).toEqual([{ line: 3, field: 'channel', message: 'differs from line 2 of the same order ("online")' }]);
    const badMonth = await importFile(db, IMPORTERS['order-lines'], file('bad-month.csv', `${HEADER}\nSO10,2026-13-01T10:00:00Z,online,,,1,4006381333931,,,1,100,RUB,\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(badMonth).toMatchObject({ method: 'row-by-row', committed: false, notStagedBecause: 'a row needs the row-by-row checks', errors: [{ line: 2, field: 'ordered_at' }] });
    const badGtin = await importFile(db, IMPORTERS['order-lines'], file('bad-gtin.csv', `${HEADER}\nSO11,2026-02-01T10:00:00Z,online,,,1,4006381333932,,,1,100,RUB,\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(badGtin).toMatchObject({ method: 'row-by-row', committed: false, notStagedBecause: 'a row needs the row-by-row checks', errors: [{ line: 2, field: 'gtin' }] });
    // A day the month does not have: once stored as 2 March, because Date.parse rolls it over.
    const badDay = await importFile(db, IMPORTERS['order-lines'], file('bad-day.csv', `${HEADER}\nSO12,2026-02-30T10:00:00Z,online,,,1,4006381333931,,,1,100,RUB,\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(badDay).toMatchObject({ method: 'row-by-row', committed: false, errors: [{ line: 2, field: 'ordered_at', message: '2026-02-30 is not a real date' }] });
    expect(await db.query(`SELECT 1 FROM orders WHERE external_id IN ('SO9', 'SO10', 'SO11', 'SO12')`)).toEqual([]);
  });

  it('hands a file with an unknown reference or a COPY-level problem to the row-by-row path', async () => {
    const unknown = await importFile(db, IMPORTERS['order-lines'], file('unknown.csv', `${HEADER}\nSO5,2026-02-01T10:00:00Z,online,,NOBODY,1,4006381333931,,,1,100,RUB,\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(unknown).toMatchObject({ method: 'row-by-row', committed: false, errors: [{ line: 2, field: 'customer_external_id', message: 'no customer "NOBODY"' }] });
    const short = await importFile(db, IMPORTERS['order-lines'], file('short.csv', `${HEADER}\nSO6,2026-02-01T10:00:00Z\n`), 'csv', { actor: systemActor, source: 'test' });
    expect(short).toMatchObject({ method: 'row-by-row', committed: false, rejected: 1 });
    expect(short.notStagedBecause).toMatch(/^COPY/);
    expect(short.errors[0]).toMatchObject({ line: 2, field: '(csv)' });
  });

  it('rolls the staged import back when an import hook fails', async () => {
    const off = onImportWritten('staged-test-failing', async () => {
      throw new Error('hook failed');
    });
    try {
      const path = file('hook.csv', `${HEADER}\nSO7,2026-02-01T10:00:00Z,online,,,1,4006381333931,,,1,100,RUB,\n`);
      await expect(importFile(db, IMPORTERS['order-lines'], path, 'csv', { actor: systemActor, source: 'test' })).rejects.toThrow('hook failed');
      expect(await db.query(`SELECT 1 FROM orders WHERE external_id = 'SO7'`)).toEqual([]);
    } finally {
      off();
    }
  });

  it('cuts the file into chunks on record boundaries, quoted commas and newlines included', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `R${i},"a, ""quoted""\nvalue ${i}",x`);
    const path = file('chunks.csv', `\uFEFFa, b ,c\n${rows.join('\n')}\n`);
    const header = await readHeader(path);
    expect(header.columns).toEqual(['a', 'b', 'c']);
    const chunks: string[] = [];
    for await (const chunk of csvChunks(path, header.bytes, undefined, 64)) chunks.push(Buffer.from(chunk).toString('utf8'));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(`${rows.join('\n')}\n`);
    for (const chunk of chunks) expect(chunk.split('\n').filter((l) => l.startsWith('R')).length * 2).toBe(chunk.split('\n').length - 1);
  });

  it('refuses CSV that COPY could read differently from the CSV reader', async () => {
    const read = async (text: string) => {
      const path = file('odd.csv', text);
      const header = await readHeader(path);
      for await (const chunk of csvChunks(path, header.bytes)) void chunk;
    };
    await expect(read('a,b\nx"y,1\n')).rejects.toThrow('quote inside an unquoted field');
    await expect(read('a,b\n1,2\n\n3,4\n')).rejects.toThrow('blank line');
    await expect(read('a,b\n1,2\n\\.\n3,4\n')).rejects.toThrow('\\.');
    await expect(read('a,b\r\n1,2\r\n')).rejects.toThrow('CRLF');
  });
});
