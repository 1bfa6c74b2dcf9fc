import { csvLine } from '../../platform/csv/csv-cell.ts';
import { escapeHtml } from '../../platform/http/public-page.ts';
import type { CustomerExport } from './collect-customer-data.ts';
import { writeZip } from '../../platform/spreadsheet/zip.ts';

/** One table as CSV: a header of every column any row has, then the rows (objects as JSON). */
export function tableCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [csvLine(columns), ...rows.map((row) => csvLine(columns.map((c) => row[c])))].join('\r\n') + '\r\n';
}

type Lang = 'en' | 'ru' | 'uk' | 'sv';
const L = (value: string): Lang => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

const WORDS: Record<Lang, { title: string; intro: string; none: string; rows: string; parts: Record<string, string> }> = {
  en: { title: 'Your data', intro: 'Everything we hold about you on {date}. The same data, for other programs, is in export.json and one CSV file per table.', none: 'Nothing held.', rows: 'rows',
    parts: { profile: 'Profile', consents: 'Consents', consent_history: 'Consent history', interactions: 'Contacts with us', orders: 'Orders', order_lines: 'Order lines', shipments: 'Shipments', shipment_events: 'Shipment events', cases: 'Cases', case_comments: 'Case comments', complaints: 'Complaints', messages: 'Messages and their delivery', survey_answers: 'Survey answers', vouchers: 'Vouchers', recall_claims: 'Recall claims', recall_offers: 'Recall offers', restless_decisions: 'Service decisions', privacy_requests: 'Privacy requests', audit_entries: 'Audit entries about you' } },
  ru: { title: 'Ваши данные', intro: 'Всё, что мы храним о вас на {date}. Те же данные для других программ — в export.json и в CSV-файле на каждую таблицу.', none: 'Ничего не хранится.', rows: 'строк',
    parts: { profile: 'Профиль', consents: 'Согласия', consent_history: 'История согласий', interactions: 'Обращения', orders: 'Заказы', order_lines: 'Позиции заказов', shipments: 'Отправления', shipment_events: 'События доставки', cases: 'Обращения в поддержку', case_comments: 'Комментарии', complaints: 'Жалобы', messages: 'Сообщения и их доставка', survey_answers: 'Ответы на опросы', vouchers: 'Ваучеры', recall_claims: 'Заявки по отзыву', recall_offers: 'Предложения по отзыву', restless_decisions: 'Решения об обслуживании', privacy_requests: 'Запросы о данных', audit_entries: 'Записи журнала о вас' } },
  uk: { title: 'Ваші дані', intro: 'Усе, що ми зберігаємо про вас на {date}. Ті самі дані для інших програм — у export.json і в CSV-файлі на кожну таблицю.', none: 'Нічого не зберігається.', rows: 'рядків',
    parts: { profile: 'Профіль', consents: 'Згоди', consent_history: 'Історія згод', interactions: 'Звернення', orders: 'Замовлення', order_lines: 'Позиції замовлень', shipments: 'Відправлення', shipment_events: 'Події доставки', cases: 'Звернення до підтримки', case_comments: 'Коментарі', complaints: 'Скарги', messages: 'Повідомлення та їх доставка', survey_answers: 'Відповіді на опитування', vouchers: 'Ваучери', recall_claims: 'Заявки щодо відкликання', recall_offers: 'Пропозиції щодо відкликання', restless_decisions: 'Рішення щодо обслуговування', privacy_requests: 'Запити щодо даних', audit_entries: 'Записи журналу про вас' } },
  sv: { title: 'Dina uppgifter', intro: 'Allt vi har om dig den {date}. Samma uppgifter för andra program finns i export.json och en CSV-fil per tabell.', none: 'Inget sparat.', rows: 'rader',
    parts: { profile: 'Profil', consents: 'Samtycken', consent_history: 'Samtyckeshistorik', interactions: 'Kontakter med oss', orders: 'Beställningar', order_lines: 'Orderrader', shipments: 'Försändelser', shipment_events: 'Leveranshändelser', cases: 'Ärenden', case_comments: 'Ärendekommentarer', complaints: 'Reklamationer', messages: 'Meddelanden och leverans', survey_answers: 'Enkätsvar', vouchers: 'Värdebevis', recall_claims: 'Återkallelseanspråk', recall_offers: 'Återkallelseerbjudanden', restless_decisions: 'Servicebeslut', privacy_requests: 'Integritetsförfrågningar', audit_entries: 'Loggposter om dig' } },
};

const cell = (value: unknown) => escapeHtml(value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The export as a person reads it, in their language: one section per part, a table each. */
export function exportHtml(data: CustomerExport): string {
  const lang = L(data.language);
  const w = WORDS[lang];
  const sections = Object.entries(data.tables).map(([table, rows]) => {
    const heading = `<h2>${escapeHtml(w.parts[table] ?? table)} <small>(${rows.length} ${w.rows})</small></h2>`;
    if (!rows.length) return `${heading}<p>${escapeHtml(w.none)}</p>`;
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return `${heading}<div class="scroll"><table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${
      rows.map((row) => `<tr>${columns.map((c) => `<td>${cell(row[c])}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
  }).join('\n');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(w.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #cbd2d9;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f0f4f8}.scroll{overflow-x:auto}small{color:#616e7c;font-weight:normal}</style>
</head><body><h1>${escapeHtml(w.title)}</h1><p>${escapeHtml(w.intro.replace('{date}', data.generatedAt.slice(0, 10)))}</p>
${sections}
</body></html>`;
}

/** The downloadable export: export.json, index.html and one CSV per table in a ZIP. */
export function exportZip(data: CustomerExport): Buffer {
  const text = (name: string, content: string) => ({ name, data: Buffer.from(content, 'utf8') });
  return writeZip([
    text('index.html', exportHtml(data)),
    text('export.json', JSON.stringify(data, null, 2)),
    ...Object.entries(data.tables).map(([table, rows]) => text(`${table}.csv`, '\ufeff' + tableCsv(rows))),
  ], new Date(data.generatedAt));
}
