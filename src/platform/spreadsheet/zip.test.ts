import { describe, expect, it } from 'vitest';
import { crc32, readZip, writeZip } from './zip.ts';
import { columnName, writeXlsx } from './xlsx.ts';

describe('the minimal zip and XLSX writer', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips entries with UTF-8 names and an empty one', () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('hello '.repeat(1000)) }, { name: 'папка/партия.xml', data: Buffer.from('<x>лот</x>') }, { name: 'empty', data: Buffer.alloc(0) }];
    const back = readZip(writeZip(entries));
    expect(back.map((e) => [e.name, e.data.toString()])).toEqual(entries.map((e) => [e.name, e.data.toString()]));
  });

  it('names columns past Z as spreadsheets do, and escapes text that XML cannot carry', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    const sheet = readZip(writeXlsx([{ name: 'a/b:c', header: ['x'], rows: [['<&>"\u0001'], [3.5], [null]] }])).find((e) => e.name === 'xl/worksheets/sheet1.xml')!.data.toString();
    expect(sheet).toContain('<t xml:space="preserve">&lt;&amp;&gt;&quot;</t>');
    expect(sheet).toContain('<c r="A3"><v>3.5</v></c>');
    expect(sheet).toContain('<c r="A4"/>');
  });
});
