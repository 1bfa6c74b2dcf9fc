/**
 * Labels the console builds from data (`t(\`shipment.${status}\`)`) escape the compiler's
 * key check; these tests hold them to the values the database and the API allow. They also
 * pin the formatting people see: plurals and money per locale.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/console/messages/en.ts';
import { ru } from '../../web/src/console/messages/ru.ts';
import { en as publicEn } from '../../web/src/public/messages/en.ts';
import { ru as publicRu } from '../../web/src/public/messages/ru.ts';
import { sv as publicSv } from '../../web/src/public/messages/sv.ts';
import { uk as publicUk } from '../../web/src/public/messages/uk.ts';
import { formattersFor, translate } from '../../web/src/i18n/i18n.ts';
import { ENTITY_NAMES } from '../../src/data/import/entities/index.ts';
import { ROLES } from '../../src/platform/auth/permissions.ts';
import { PUBLIC_LANGUAGES } from '../../src/platform/http/accept-language.ts';

const schema = readFileSync(new URL('../../src/data/migrations/001-data-hub.sql', import.meta.url), 'utf8');
/** The values of a column's CHECK (… IN (…)) in the data hub schema. */
function allowed(column: string): string[] {
  const match = new RegExp(`${column}\\s+text[^\\n]*CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(schema);
  if (!match) throw new Error(`no CHECK list for ${column}`);
  return [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('console catalogues', () => {
  const keysFor = (prefix: string, values: readonly string[]) => values.map((value) => `${prefix}.${value}`);
  const dataKeys = [
    ...keysFor('shipment', allowed('status')),
    ...keysFor('tier', allowed('tier')),
    ...keysFor('language', allowed('language')),
    ...keysFor('channel', allowed('channel').filter((c) => ['email', 'sms', 'phone', 'post', 'push'].includes(c))),
    ...keysFor('locationKind', allowed('kind')),
    ...keysFor('role', ROLES),
    ...keysFor('roleHint', ROLES),
    ...keysFor('import.entity', ENTITY_NAMES),
  ];

  it.each(['en', 'ru'] as const)('%s names every status, tier, language, channel, kind, role and import entity', (lang) => {
    const catalogue: Record<string, unknown> = lang === 'en' ? en : ru;
    expect(dataKeys.filter((key) => !(key in catalogue))).toEqual([]);
  });

  it('has Russian text wherever English has text, with the same placeholders', () => {
    const placeholders = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const [key, message] of Object.entries(en)) {
      const translated = ru[key as keyof typeof en];
      expect(translated, key).toBeTruthy();
      expect([...new Set(placeholders(translated))], key).toEqual([...new Set(placeholders(message))]);
    }
  });
});

describe('public page catalogues', () => {
  it('exist for every public language the server negotiates, with every key filled', () => {
    const catalogues: Record<string, Record<string, unknown>> = { en: publicEn, ru: publicRu, uk: publicUk, sv: publicSv };
    expect(Object.keys(catalogues).sort()).toEqual([...PUBLIC_LANGUAGES].sort());
    for (const catalogue of Object.values(catalogues)) {
      for (const key of Object.keys(publicEn)) expect(catalogue[key], key).toBeTruthy();
    }
  });
});

describe('formatting for the locale', () => {
  it('chooses Russian plural forms', () => {
    const count = (n: number) => translate(ru['customers.count'], 'customers.count', 'ru-RU', { count: n }).replace(/\s/g, ' ');
    expect(count(1)).toBe('1 клиент');
    expect(count(3)).toBe('3 клиента');
    expect(count(11)).toBe('11 клиентов');
    expect(count(2000)).toBe('2 000 клиентов');
  });

  it('formats amounts in minor units with the currency\'s own decimals', () => {
    const space = (s: string) => s.replace(/\s/g, ' ');
    expect(space(formattersFor('en-GB').money(1390, 'SEK'))).toBe('SEK 13.90');
    expect(space(formattersFor('sv-SE').money(1390, 'SEK'))).toBe('13,90 kr');
    expect(space(formattersFor('ru-RU').money(123456, 'RUB'))).toBe('1 234,56 ₽');
    expect(space(formattersFor('uk-UA').money(5000, 'UAH'))).toBe('50,00 ₴');
    expect(formattersFor('en-GB').money(500, 'JPY')).toBe('JP¥500');
  });

  it('keeps a calendar date on its day whatever the time zone', () => {
    expect(formattersFor('en-GB').date('2026-03-01')).toBe('1 Mar 2026');
    expect(formattersFor('ru-RU').date('2026-03-01')).toBe('1 мар. 2026 г.');
  });
});
