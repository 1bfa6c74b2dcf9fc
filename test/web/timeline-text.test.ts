/**
 * Issue 11: the Russian console showed the case timeline in English, because it printed the
 * server's English summary. Entries now carry a kind and params, and the console says them
 * from its own catalogue; these tests read a real timeline from the API and render it with
 * the real Russian catalogue, and hold the catalogues to every kind the server writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENT_KINDS } from '../../src/cases/timeline/case-sources.ts';
import { startCasesFixture, type CasesFixture } from '../../src/cases/test/cases-fixture.ts';
import { MESSAGE_STATUSES } from '../../src/comms/outbox/messages.sql.ts';
import { en } from '../../web/src/console/messages/en.ts';
import { ru } from '../../web/src/console/messages/ru.ts';
import { timelineText, type TimelineEntryText } from '../../web/src/console/pages/work/timeline-text.ts';
import { formattersFor, INTL_LOCALE, translate, type Message, type Params } from '../../web/src/i18n/i18n.ts';

const i18nFor = (lang: 'en' | 'ru') => {
  const catalogue = (lang === 'en' ? en : ru) as Record<string, Message>;
  const locale = INTL_LOCALE[lang]!;
  return {
    tOr: (key: string, fallback: string, params?: Params) => (catalogue[key] === undefined ? fallback : translate(catalogue[key], key, locale, params)),
    format: formattersFor(locale),
  };
};

describe('the case timeline in the console\'s language', () => {
  let f: CasesFixture;
  beforeAll(async () => {
    f = await startCasesFixture();
  });
  afterAll(async () => f?.t.close());

  it('says a real timeline in Russian from kind and params, with codes named from the Russian vocabulary', async () => {
    const { body: c } = await f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Протекла упаковка', priority: 'normal' });
    await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { stage: 'investigating' });
    await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { priority: 'high', status: 'waiting_customer' });
    await f.call('POST', `/api/cases/${c.id}/comments`, f.agent, { body: 'Позвонила клиентке' });
    const timeline = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
    expect(timeline.status).toBe(200);
    const entries = timeline.body.entries as TimelineEntryText[];

    const russian = entries.map((entry) => timelineText(entry, i18nFor('ru')));
    expect(russian).toEqual(expect.arrayContaining([
      'Обращение открыто: жалоба, приоритет Обычный',
      'Этап: Зарегистрировано → Расследование',
      'Приоритет: Обычный → Высокий',
      'Статус: Открыто → Ждём клиента',
      'Первый ответ: запрошена информация у клиента',
      'Отсчёт SLA приостановлен: ждём клиента',
      'Позвонила клиентке',
    ]));
    // No English left (but the acronym SLA): every entry had a Russian sentence.
    expect(russian.filter((line) => /[A-Za-z]{3,}/.test(line.replace(/SLA/g, '')))).toEqual([]);
    // The English console says the same from the same params; the API keeps its English line.
    expect(entries.map((entry) => timelineText(entry, i18nFor('en')))).toContain('Status: Open → Waiting for customer');
    expect(entries.find((e) => e.kind === 'status_changed')!.summary).toBe('Status open → waiting customer');
  });

  it('falls back to the server\'s line for a kind the catalogue does not know yet, and names an unknown code readably', () => {
    const i18n = i18nFor('ru');
    expect(timelineText({ source: 'surveys', kind: 'survey_answered', summary: 'Survey answered: CSAT 4', params: { csat: 4 } }, i18n)).toBe('Survey answered: CSAT 4');
    expect(timelineText({ source: 'case', kind: 'status_changed', summary: '', params: { from: { of: 'caseStatus', code: 'open' }, to: { of: 'caseStatus', code: 'on_hold' } } }, i18n)).toBe('Статус: Открыто → On hold');
    expect(timelineText({ source: 'case', kind: 'sla_resumed', summary: '', params: { count: 3 } }, i18n)).toBe('Отсчёт SLA продолжен после паузы в 3 рабочие минуты');
  });

  it.each([['en', en], ['ru', ru]] as const)('%s has a sentence for every case event kind, for process and message entries, and a name for every message status', (_lang, catalogue) => {
    const keys = [...CASE_EVENT_KINDS.map((kind) => `timeline.case.${kind}`), 'timeline.comment.comment', 'timeline.process', 'timeline.messages', ...MESSAGE_STATUSES.map((s) => `messageStatus.${s}`)];
    expect(keys.filter((key) => !(key in catalogue))).toEqual([]);
  });
});
