import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import './recalls.css';

type ScopeKind = 'lots' | 'lot_range' | 'produced_between' | 'expires_between' | 'serials' | 'all_lots';
interface ScopeRow {
  gtin: string;
  kind: ScopeKind;
  values: string;
  from: string;
  to: string;
}

const LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
const KINDS: ScopeKind[] = ['lots', 'lot_range', 'produced_between', 'expires_between', 'serials', 'all_lots'];
const emptyRow = (): ScopeRow => ({ gtin: '', kind: 'lots', values: '', from: '', to: '' });

/** A question consumers will ask, answered on the recall page and by its assistant (R6, R9). */
interface FaqRow {
  lang: (typeof LANGUAGES)[number];
  question: string;
  answer: string;
}
const list = (text: string) => text.split(/[\s,;]+/).map((v) => v.trim()).filter(Boolean);

/** One scope row as the API takes it (R1): lots, a range, a date window, serials or every lot. */
function scopeOf(row: ScopeRow) {
  const gtin = row.gtin.trim();
  switch (row.kind) {
    case 'lots':
      return { gtin, lots: list(row.values) };
    case 'serials':
      return { gtin, serials: list(row.values) };
    case 'lot_range':
      return { gtin, lot_range: { from: row.from.trim(), to: row.to.trim() } };
    case 'produced_between':
      return { gtin, produced_between: { from: row.from, to: row.to } };
    case 'expires_between':
      return { gtin, expires_between: { from: row.from, to: row.to } };
    default:
      return { gtin, all_lots: true as const };
  }
}

/** Define a recall (a draft: nothing is blocked or sent until it is activated). */
export function RecallNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [rows, setRows] = useState<ScopeRow[]>([emptyRow()]);
  const [faq, setFaq] = useState<FaqRow[]>([]);
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState(false);
  const [written, setWritten] = useState<(typeof LANGUAGES)[number]>('en');
  const fieldErrors = error instanceof ApiError ? error.problem.errors ?? [] : [];
  const errorFor = (field: string) => fieldErrors.find((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}/`))?.message;

  const setRow = (index: number, change: Partial<ScopeRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const instructions = Object.fromEntries(LANGUAGES.map((l) => [l, text(`instructions_${l}`)]).filter(([, v]) => v));
    const translated = (field: 'title' | 'reason') => Object.fromEntries(LANGUAGES.filter((l) => l !== written).map((l) => [l, text(`${field}_${l}`)]).filter(([, v]) => v));
    const body = {
      title: text('title'),
      classification: text('classification'),
      reason: text('reason'),
      language: written,
      title_translations: translated('title'),
      reason_translations: translated('reason'),
      ...(text('recalling_firm') ? { recalling_firm: text('recalling_firm') } : {}),
      regions: list(text('regions').replace(/\n/g, ',')),
      instructions,
      scope: rows.map(scopeOf),
      faq: faq.filter((f) => f.question.trim() && f.answer.trim()).map((f) => ({ lang: f.lang, question: f.question.trim(), answer: f.answer.trim() })),
    };
    setSaving(true);
    setError(undefined);
    try {
      const created = await api<{ id: number }>('/api/recalls', { method: 'POST', body });
      void navigate(`/recalls/${created.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setSaving(false);
    }
  }

  const invalid = (field: string) => (errorFor(field) ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-error` } : {});
  const fieldError = (field: string) => (errorFor(field) ? <span id={`${field}-error`} className="field-error">{errorFor(field)}</span> : null);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/recalls">{t('recalls.title')}</Link>
      </p>
      <PageHeader title={t('recalls.new')} subtitle={t('recalls.newHint')} />
      <ErrorMessage error={error} />
      <form className="form card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="recall-title">{t('recalls.titleField')}</label>
          <input id="recall-title" name="title" required minLength={3} maxLength={200} {...invalid('body.title')} />
          {fieldError('body.title')}
        </div>
        <div className="field">
          <label htmlFor="recall-class">{t('recalls.classification')}</label>
          <select id="recall-class" name="classification" defaultValue="II">
            <option value="I">{t('recalls.classI')}</option>
            <option value="II">{t('recalls.classII')}</option>
            <option value="III">{t('recalls.classIII')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="recall-reason">{t('recalls.reason')}</label>
          <textarea id="recall-reason" name="reason" rows={3} required {...invalid('body.reason')} />
          {fieldError('body.reason')}
        </div>
        <div className="field">
          <label htmlFor="recall-language">{t('recalls.writtenIn')}</label>
          <select id="recall-language" name="language" value={written} onChange={(e) => setWritten(e.target.value as (typeof LANGUAGES)[number])}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`recalls.lang.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checkbox-group">
          <legend>{t('recalls.translations')}</legend>
          <p className="hint">{t('recalls.translationsHint')}</p>
          {LANGUAGES.filter((l) => l !== written).map((l) => (
            <div key={l} className="scope-row">
              <div className="field">
                <label htmlFor={`title-${l}`}>{`${t('recalls.titleField')} · ${t(`recalls.lang.${l}`)}`}</label>
                <input id={`title-${l}`} name={`title_${l}`} maxLength={200} {...invalid(`body.title_translations.${l}`)} />
              </div>
              <div className="field scope-values">
                <label htmlFor={`reason-${l}`}>{`${t('recalls.reason')} · ${t(`recalls.lang.${l}`)}`}</label>
                <textarea id={`reason-${l}`} name={`reason_${l}`} rows={2} maxLength={2000} {...invalid(`body.reason_translations.${l}`)} />
              </div>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="recall-firm">{t('recalls.recallingFirm')}</label>
          <input id="recall-firm" name="recalling_firm" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="recall-regions">{t('recalls.regions')}</label>
          <input id="recall-regions" name="regions" aria-describedby="recall-regions-hint" />
          <span id="recall-regions-hint" className="hint">{t('recalls.regionsHint')}</span>
        </div>

        <fieldset className="checkbox-group">
          <legend>{t('recalls.scope')}</legend>
          {rows.map((row, index) => (
            <div key={index} className="scope-row">
              <div className="field">
                <label htmlFor={`scope-gtin-${index}`}>{t('recalls.gtin')}</label>
                <input id={`scope-gtin-${index}`} inputMode="numeric" value={row.gtin} onChange={(e) => setRow(index, { gtin: e.target.value })} {...invalid(`body.scope.${index}`)} />
              </div>
              <div className="field">
                <label htmlFor={`scope-kind-${index}`}>{t('recalls.scopeKind')}</label>
                <select id={`scope-kind-${index}`} value={row.kind} onChange={(e) => setRow(index, { kind: e.target.value as ScopeKind })}>
                  {KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`recalls.scope.${kind}`)}
                    </option>
                  ))}
                </select>
              </div>
              {row.kind === 'lots' || row.kind === 'serials' ? (
                <div className="field scope-values">
                  <label htmlFor={`scope-values-${index}`}>{t(row.kind === 'lots' ? 'recalls.lotCodes' : 'recalls.serials')}</label>
                  <input id={`scope-values-${index}`} value={row.values} onChange={(e) => setRow(index, { values: e.target.value })} placeholder="L2611A, L2611B" />
                </div>
              ) : row.kind !== 'all_lots' ? (
                <>
                  <div className="field">
                    <label htmlFor={`scope-from-${index}`}>{t('recalls.from')}</label>
                    <input id={`scope-from-${index}`} type={row.kind === 'lot_range' ? 'text' : 'date'} value={row.from} onChange={(e) => setRow(index, { from: e.target.value })} />
                  </div>
                  <div className="field">
                    <label htmlFor={`scope-to-${index}`}>{t('recalls.to')}</label>
                    <input id={`scope-to-${index}`} type={row.kind === 'lot_range' ? 'text' : 'date'} value={row.to} onChange={(e) => setRow(index, { to: e.target.value })} />
                  </div>
                </>
              ) : null}
              {rows.length > 1 ? (
                <button type="button" className="button button-small" onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                  {t('recalls.removeProduct')}
                </button>
              ) : null}
              {fieldError(`body.scope.${index}`)}
            </div>
          ))}
          <div>
            <button type="button" className="button button-small" onClick={() => setRows((current) => [...current, emptyRow()])}>
              {t('recalls.addProduct')}
            </button>
          </div>
        </fieldset>

        <fieldset className="checkbox-group">
          <legend>{t('recalls.instructions')}</legend>
          {LANGUAGES.map((l) => (
            <div key={l} className="field">
              <label htmlFor={`instructions-${l}`}>{t(`recalls.lang.${l}`)}</label>
              <textarea id={`instructions-${l}`} name={`instructions_${l}`} rows={2} maxLength={5000} />
            </div>
          ))}
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>{t('recalls.faq')}</legend>
          <p className="hint">{t('recalls.faqHint')}</p>
          {faq.map((item, index) => (
            <div key={index} className="scope-row">
              <div className="field">
                <label htmlFor={`faq-lang-${index}`}>{t('common.language')}</label>
                <select id={`faq-lang-${index}`} value={item.lang} onChange={(e) => setFaq((all) => all.map((f, i) => (i === index ? { ...f, lang: e.target.value as FaqRow['lang'] } : f)))}>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {t(`recalls.lang.${l}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field scope-values">
                <label htmlFor={`faq-question-${index}`}>{t('recalls.question')}</label>
                <input id={`faq-question-${index}`} value={item.question} maxLength={500} onChange={(e) => setFaq((all) => all.map((f, i) => (i === index ? { ...f, question: e.target.value } : f)))} />
              </div>
              <div className="field scope-values">
                <label htmlFor={`faq-answer-${index}`}>{t('recalls.answer')}</label>
                <textarea id={`faq-answer-${index}`} rows={2} value={item.answer} maxLength={5000} onChange={(e) => setFaq((all) => all.map((f, i) => (i === index ? { ...f, answer: e.target.value } : f)))} />
              </div>
              <button type="button" className="button button-small" onClick={() => setFaq((all) => all.filter((_, i) => i !== index))}>
                {t('recalls.removeProduct')}
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="button button-small" onClick={() => setFaq((all) => [...all, { lang: 'en', question: '', answer: '' }])}>
              {t('recalls.addQuestion')}
            </button>
          </div>
        </fieldset>
        <div className="form-actions">
          <Link className="button" to="/recalls">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="button button-primary" disabled={saving}>
            {t('recalls.saveDraft')}
          </button>
        </div>
      </form>
    </>
  );
}
