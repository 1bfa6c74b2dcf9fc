import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Db } from './database.ts';
import { parseTimestamptzText } from './timestamptz-text.ts';

describe('a timestamptz reads the same on PGlite and PostgreSQL (issue 12)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db?.close());

  it.each([
    ['0024-09-04T00:31:03Z', '0024-09-04T00:31:03.000Z'], // PGlite's own parser gave an Invalid Date: every list showing it answered 500
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'], // … and read this one as 1999
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['1899-12-31T23:59:59.123456Z', '1899-12-31T23:59:59.123Z'],
    ['2026-11-18T14:00:00+03:00', '2026-11-18T11:00:00.000Z'],
    ['2026-11-18T05:30:00-05:30', '2026-11-18T11:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('reads %s back as %s', async (stored, read) => {
    const [row] = await db.query<{ at: Date }>('SELECT $1::timestamptz AS at', [stored]);
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.at.toISOString()).toBe(read);
  });

  it('gives a valid Date for what JavaScript cannot hold, so the row still shows', async () => {
    const rows = await db.query<{ at: Date }>(`SELECT at FROM (VALUES ('infinity'::timestamptz), ('-infinity'::timestamptz), ('0100-01-01 00:00:00 BC'::timestamptz)) v(at)`);
    for (const row of rows) expect(Number.isNaN(row.at.getTime())).toBe(false);
    expect(rows[2]!.at.getUTCFullYear()).toBe(-99); // 100 BC is year -99 in ISO 8601
  });

  it('parses PostgreSQL text output with offsets in seconds and five-digit years', () => {
    expect(parseTimestamptzText('2026-11-18 11:00:00+02:30:15').toISOString()).toBe('2026-11-18T08:29:45.000Z');
    expect(parseTimestamptzText('12026-01-01 00:00:00+00').getUTCFullYear()).toBe(12026);
    expect(parseTimestamptzText('294276-12-31 23:59:59+00').getTime()).toBe(8.64e15);
  });
});
