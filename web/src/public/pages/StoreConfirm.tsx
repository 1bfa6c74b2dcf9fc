import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import type { PublicLang } from '../i18n.ts';
import './recall.css';

interface StoreView {
  recall: { reference: string; title: string; classification: string; reason: string; status: string };
  store: { external_id: string; name: string; gln: string | null; city: string | null; partner: string };
  lots: { gtin: string; lot_code: string; received: number; sold: number; expected_on_hand: number | null }[];
  confirmation: { outcome: string; units_removed: number; confirmed_at: string } | null;
}

type Key = 'title' | 'intro' | 'lot' | 'expected' | 'unknown' | 'counted' | 'countedBy' | 'confirm' | 'none' | 'sending' | 'done' | 'doneNone' | 'recount' | 'invalid' | 'error' | 'closed';

/** What a store's staff read, in the four languages Rebound writes in. */
const TEXT: Record<PublicLang, Record<Key, string>> = {
  en: {
    title: 'Recall {reference}: confirm the removal', intro: 'Please take these lots off the shelves at {store}, count the units, and confirm. If you had none, say so.',
    lot: 'Lot', expected: 'Expected on hand', unknown: 'unknown', counted: 'Units removed', countedBy: 'Counted by (name)', confirm: 'Confirm the removal', none: 'We had none on hand',
    sending: 'Sending…', done: 'Thank you: {units} units removed at {store}, recorded.', doneNone: 'Thank you: recorded that {store} had none on hand.', recount: 'Already confirmed; sending again replaces the count.',
    invalid: 'This link is not valid or has expired. Ask the company for a new one.', error: 'Something went wrong. Check the numbers and try again.', closed: 'This recall is not active any more.',
  },
  ru: {
    title: 'Отзыв {reference}: подтвердите снятие с продажи', intro: 'Снимите эти партии с полок в точке {store}, пересчитайте единицы и подтвердите. Если товара не было, укажите это.',
    lot: 'Партия', expected: 'Должно быть в наличии', unknown: 'неизвестно', counted: 'Снято, шт.', countedBy: 'Пересчитал(а) (имя)', confirm: 'Подтвердить снятие', none: 'Товара не было',
    sending: 'Отправляем…', done: 'Спасибо: в точке {store} снято {units} шт., записано.', doneNone: 'Спасибо: записано, что в точке {store} товара не было.', recount: 'Уже подтверждено; новая отправка заменит количество.',
    invalid: 'Ссылка недействительна или устарела. Попросите у компании новую.', error: 'Что-то пошло не так. Проверьте числа и попробуйте ещё раз.', closed: 'Этот отзыв больше не активен.',
  },
  uk: {
    title: 'Відкликання {reference}: підтвердіть зняття з продажу', intro: 'Зніміть ці партії з полиць у точці {store}, перерахуйте одиниці та підтвердьте. Якщо товару не було, вкажіть це.',
    lot: 'Партія', expected: 'Має бути в наявності', unknown: 'невідомо', counted: 'Знято, шт.', countedBy: 'Перерахував(ла) (ім’я)', confirm: 'Підтвердити зняття', none: 'Товару не було',
    sending: 'Надсилаємо…', done: 'Дякуємо: у точці {store} знято {units} шт., записано.', doneNone: 'Дякуємо: записано, що в точці {store} товару не було.', recount: 'Вже підтверджено; нове надсилання замінить кількість.',
    invalid: 'Посилання недійсне або застаріло. Попросіть у компанії нове.', error: 'Щось пішло не так. Перевірте числа і спробуйте ще раз.', closed: 'Це відкликання більше не активне.',
  },
  sv: {
    title: 'Återkallelse {reference}: bekräfta borttagningen', intro: 'Ta bort dessa partier från hyllorna i {store}, räkna enheterna och bekräfta. Om ni inte hade några, säg det.',
    lot: 'Parti', expected: 'Förväntat i lager', unknown: 'okänt', counted: 'Borttagna enheter', countedBy: 'Räknat av (namn)', confirm: 'Bekräfta borttagningen', none: 'Vi hade inga',
    sending: 'Skickar…', done: 'Tack: {units} enheter borttagna i {store}, registrerat.', doneNone: 'Tack: registrerat att {store} inte hade några.', recount: 'Redan bekräftat; att skicka igen ersätter antalet.',
    invalid: 'Länken är ogiltig eller har gått ut. Be företaget om en ny.', error: 'Något gick fel. Kontrollera siffrorna och försök igen.', closed: 'Återkallelsen är inte längre aktiv.',
  },
};

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** /p/store-confirm?token=…: a store confirms, through the signed link in its partner's notice, that the recalled lots are off its shelves (issue 16.4). */
export function StoreConfirmPage() {
  const { lang } = useI18n();
  const text = TEXT[lang];
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [view, setView] = useState<StoreView | null | 'invalid'>(null);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [countedBy, setCountedBy] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [done, setDone] = useState<{ outcome: string; units_removed: number } | null>(null);
  useEffect(() => {
    void fetch(`/api/public/store-confirmations?${new URLSearchParams({ token })}`, { headers: { accept: 'application/json' } })
      .then(async (r) => setView(r.ok ? ((await r.json()) as StoreView) : 'invalid'));
  }, [token]);
  if (view === null) return null;
  if (view === 'invalid') return <article className="recall-page"><p className="lead">{text.invalid}</p></article>;

  async function send(outcome: 'removed' | 'none_on_hand', event?: FormEvent) {
    event?.preventDefault();
    if (view === null || view === 'invalid') return;
    setBusy(true);
    setFailed(false);
    const lots = outcome === 'removed' ? view.lots.map((l) => ({ gtin: l.gtin, lot: l.lot_code, quantity: Number(counts[`${l.gtin}/${l.lot_code}`] || 0) })) : [];
    const response = await fetch(`/api/public/store-confirmations?${new URLSearchParams({ token })}`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ outcome, lots, counted_by: countedBy.trim() || null }),
    });
    setBusy(false);
    if (!response.ok) return setFailed(true);
    setDone((await response.json()) as { outcome: string; units_removed: number });
  }

  const store = view.store.name;
  return (
    <article className="recall-page store-confirm">
      <h1>{fill(text.title, { reference: view.recall.reference })}</h1>
      <p className="lead">{view.recall.title} — {view.recall.reason}</p>
      {view.recall.status !== 'active' ? <p role="status">{text.closed}</p> : null}
      {done ? (
        <p role="status" className="lead">{done.outcome === 'none_on_hand' ? fill(text.doneNone, { store }) : fill(text.done, { store, units: done.units_removed })}</p>
      ) : (
        <form onSubmit={(e) => void send('removed', e)}>
          <p>{fill(text.intro, { store })}</p>
          {view.confirmation ? <p role="status">{text.recount}</p> : null}
          <table>
            <thead><tr><th scope="col">GTIN</th><th scope="col">{text.lot}</th><th scope="col" className="num">{text.expected}</th><th scope="col">{text.counted}</th></tr></thead>
            <tbody>
              {view.lots.map((l) => {
                const key = `${l.gtin}/${l.lot_code}`;
                return (
                  <tr key={key}>
                    <td>{l.gtin}</td>
                    <td>{l.lot_code}</td>
                    <td className="num">{l.expected_on_hand ?? text.unknown}</td>
                    <td><input type="number" min={0} max={1000000} inputMode="numeric" aria-label={`${text.counted} ${l.lot_code}`} value={counts[key] ?? ''} onChange={(e) => setCounts({ ...counts, [key]: e.target.value })} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <label>{text.countedBy} <input value={countedBy} maxLength={200} onChange={(e) => setCountedBy(e.target.value)} /></label>
          {failed ? <p role="alert">{text.error}</p> : null}
          <p>
            <button type="submit" className="button button-primary" disabled={busy}>{busy ? text.sending : text.confirm}</button>{' '}
            <button type="button" className="button" disabled={busy} onClick={() => void send('none_on_hand')}>{text.none}</button>
          </p>
        </form>
      )}
    </article>
  );
}
