import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useI18n } from '../../i18n.ts';
import type { Incident } from './DeliveryIncidentsPage.tsx';

const LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
type PageLanguage = (typeof LANGUAGES)[number];

interface Faq { question: string; answer: string }
interface PageText { public_title: string | null; public_summary: string | null; faq: Faq[] }
interface StatusUpdate { id: number; texts: Partial<Record<PageLanguage, string>>; posted_at: string; posted_by: string; sent: number }
interface StatusPage {
  slug: string;
  url: string;
  texts: Partial<Record<PageLanguage, PageText>>;
  published: boolean;
  published_at: string | null;
  updated_at: string;
  updated_by: string;
  regions: string[];
  carriers: string[];
  subscribers: number;
  updates: StatusUpdate[];
}

/**
 * One delivery incident (issue 15.5 and 15.7): what the public reads on its status page —
 * written per language, published or not, timed updates — and its compensation against the
 * budget management approved. The internal title and cause stay on this side.
 */
export function DeliveryIncidentPage() {
  const { id } = useParams();
  const { t, format } = useI18n();
  const { can } = useAuth();
  const incident = useApi<Incident>(`/api/delivery/incidents/${id}`);
  const i = incident.data;
  return (
    <>
      <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
        <Link to="/delivery/incidents">{t('deliveryIncidents.back')}</Link>
      </nav>
      <PageHeader
        title={i ? `${i.reference} · ${i.title}` : t('common.loading')}
        subtitle={i ? t('deliveryIncidents.internal', { cause: `${i.cause_kind}: ${i.cause_value}`, opened: format.dateTime(i.opened_at), by: i.opened_by, orders: i.delayed_orders }) : undefined}
        actions={i ? <Badge tone={i.status === 'open' ? 'warning' : 'success'}>{t(`deliveryIncidents.status.${i.status}`)}</Badge> : null}
      />
      <ErrorMessage error={incident.error} />
      {can('delivery:incidents') ? (
        <>
          <StatusPageSection incidentId={Number(id)} />
          <CompensationSection incidentId={Number(id)} />
        </>
      ) : (
        <p className="muted">{t('deliveryIncidents.noPermission')}</p>
      )}
    </>
  );
}

function StatusPageSection({ incidentId }: { incidentId: number }) {
  const { t, format } = useI18n();
  const path = `/api/delivery/incidents/${incidentId}/status-page`;
  const loaded = useApi<StatusPage>(path);
  const [page, setPage] = useState<StatusPage>();
  useEffect(() => setPage(loaded.data), [loaded.data]);
  const publishing = useAction();
  if (!page) return <><ErrorMessage error={loaded.error} /><p role="status">{t('common.loading')}</p></>;
  const publish = (published: boolean) =>
    void publishing.run(async () => setPage(await api<StatusPage>(`${path}/${published ? 'publish' : 'unpublish'}`, { method: 'POST' })));
  return (
    <section className="section" aria-labelledby="status-page-title">
      <div className="card">
        <div className="card-header">
          <h2 id="status-page-title">
            {t('statusPage.title')}{' '}
            <Badge tone={page.published ? 'success' : 'neutral'}>{page.published ? t('statusPage.published') : t('statusPage.unpublished')}</Badge>
          </h2>
          {page.published ? (
            <button type="button" className="button" disabled={publishing.busy} onClick={() => publish(false)}>{t('statusPage.unpublish')}</button>
          ) : (
            <button type="button" className="button button-primary" disabled={publishing.busy} onClick={() => publish(true)}>{t('statusPage.publish')}</button>
          )}
        </div>
        <ErrorMessage error={publishing.error} />
        <dl className="details">
          <dt>{t('statusPage.link')}</dt>
          <dd>
            {page.published ? (
              <a href={page.url} target="_blank" rel="noreferrer">{page.url}</a>
            ) : (
              <><code>{page.url}</code><span className="block muted small">{t('statusPage.linkHidden')}</span></>
            )}
            {page.published_at ? <span className="block muted small">{t('statusPage.publishedAt', { at: format.dateTime(page.published_at) })}</span> : null}
          </dd>
          <dt>{t('statusPage.regions')}</dt>
          <dd>{page.regions.join(', ') || t('statusPage.none')} <span className="muted small">({t('statusPage.computed')})</span></dd>
          <dt>{t('statusPage.carriers')}</dt>
          <dd>{page.carriers.join(', ') || t('statusPage.none')}</dd>
        </dl>
        <div className="stat-grid">
          <StatCard label={t('statusPage.subscribers')} value={format.number(page.subscribers)} hint={t('statusPage.subscribersHint')} />
        </div>
      </div>
      <TextsCard path={path} page={page} onSaved={setPage} />
      <UpdatesCard path={path} page={page} onPosted={loaded.reload} />
    </section>
  );
}

function TextsCard({ path, page, onSaved }: { path: string; page: StatusPage; onSaved(page: StatusPage): void }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState<PageLanguage>('en');
  const stored = page.texts[language];
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [faq, setFaq] = useState<Faq[]>([]);
  const [saved, setSaved] = useState(false);
  const saving = useAction();
  useEffect(() => {
    setTitle(stored?.public_title ?? '');
    setSummary(stored?.public_summary ?? '');
    setFaq(stored?.faq ?? []);
  }, [language, stored]);
  useEffect(() => setSaved(false), [language]);
  const languageName = t(`statusPage.lang.${language}`);
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = {
      language,
      ...(title.trim() ? { public_title: title.trim() } : {}),
      ...(summary.trim() ? { public_summary: summary.trim() } : {}),
      faq: faq.filter((f) => f.question.trim() && f.answer.trim()),
    };
    const result = await saving.run(() => api<StatusPage>(path, { method: 'PUT', body }));
    if (result) {
      onSaved(result);
      setSaved(true);
    }
  }
  const setEntry = (index: number, entry: Partial<Faq>) => setFaq(faq.map((f, i) => (i === index ? { ...f, ...entry } : f)));
  return (
    <div className="card section">
      <ViewTabs
        label={t('statusPage.language')}
        value={language}
        onChange={(l) => setLanguage(l as PageLanguage)}
        views={LANGUAGES.map((l) => ({ value: l, label: `${t(`statusPage.lang.${l}`)}${page.texts[l]?.public_title ? ' ✓' : ''}` }))}
      />
      <p className="muted small">
        {languageName}: {stored?.public_title ? t('statusPage.written') : t('statusPage.notWritten')}. {language === 'en' ? t('statusPage.enRequired') : null}
      </p>
      <form className="form" lang={language} onSubmit={(e) => void save(e)}>
        <div className="field">
          <label htmlFor="public-title">{t('statusPage.publicTitle')}</label>
          <input id="public-title" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="public-summary">{t('statusPage.publicSummary')}</label>
          <textarea id="public-summary" rows={6} maxLength={8000} value={summary} onChange={(e) => setSummary(e.target.value)} aria-describedby="public-summary-hint" />
          <span id="public-summary-hint" className="hint">{t('statusPage.summaryHint')}</span>
        </div>
        <fieldset className="field">
          <legend>{t('statusPage.faq')}</legend>
          {faq.map((entry, index) => (
            <div key={index} className="faq-entry">
              <div className="field">
                <label htmlFor={`faq-q-${index}`}>{t('statusPage.question', { n: index + 1 })}</label>
                <input id={`faq-q-${index}`} maxLength={500} value={entry.question} onChange={(e) => setEntry(index, { question: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`faq-a-${index}`}>{t('statusPage.answer', { n: index + 1 })}</label>
                <textarea id={`faq-a-${index}`} rows={2} maxLength={4000} value={entry.answer} onChange={(e) => setEntry(index, { answer: e.target.value })} />
              </div>
              <button type="button" className="button button-small" onClick={() => setFaq(faq.filter((_, i) => i !== index))}>
                {t('statusPage.removeQuestion', { n: index + 1 })}
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="button button-small" onClick={() => setFaq([...faq, { question: '', answer: '' }])}>{t('statusPage.addQuestion')}</button>
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving.busy}>{t('statusPage.saveText', { language: languageName })}</button>
        </div>
      </form>
      <ErrorMessage error={saving.error} />
      {saved ? <div className="alert alert-success" role="status">{t('statusPage.saved', { language: languageName })}</div> : null}
    </div>
  );
}

function UpdatesCard({ path, page, onPosted }: { path: string; page: StatusPage; onPosted(): void }) {
  const { t, format } = useI18n();
  const [texts, setTexts] = useState<Partial<Record<PageLanguage, string>>>({});
  const [posted, setPosted] = useState<StatusUpdate>();
  const posting = useAction();
  async function post(event: React.FormEvent) {
    event.preventDefault();
    setPosted(undefined);
    const clean = Object.fromEntries(Object.entries(texts).filter(([, v]) => v?.trim()));
    const result = await posting.run(() => api<StatusUpdate>(`${path}/updates`, { method: 'POST', body: { texts: clean } }));
    if (result) {
      setPosted(result);
      setTexts({});
      onPosted();
    }
  }
  return (
    <div className="card section">
      <h3>{t('statusPage.updates')}</h3>
      <p className="muted small">{t('statusPage.updatesHint')}</p>
      {!page.published ? <div className="alert alert-warning">{t('statusPage.publishFirst')}</div> : null}
      <form className="form" onSubmit={(e) => void post(e)}>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`update-${l}`}>{t('statusPage.updateIn', { language: t(`statusPage.lang.${l}`) })}</label>
            <textarea id={`update-${l}`} lang={l} rows={l === 'en' ? 3 : 2} maxLength={4000} required={l === 'en'} value={texts[l] ?? ''} onChange={(e) => setTexts({ ...texts, [l]: e.target.value })} />
          </div>
        ))}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={posting.busy || !page.published}>{t('statusPage.postUpdate')}</button>
        </div>
      </form>
      <ErrorMessage error={posting.error} />
      {posted ? <div className="alert alert-success" role="status">{t('statusPage.posted', { count: posted.sent })}</div> : null}
      {page.updates.length === 0 ? (
        <p className="muted">{t('statusPage.noUpdates')}</p>
      ) : (
        <ol className="timeline" aria-label={t('statusPage.updates')}>
          {page.updates.map((u) => (
            <li key={u.id}>
              <time dateTime={u.posted_at}>{t('statusPage.postedBy', { at: format.dateTime(u.posted_at), by: u.posted_by, count: u.sent })}</time>
              {LANGUAGES.filter((l) => u.texts[l]).map((l) => (
                <p key={l} lang={l}><span className="badge">{l}</span> {u.texts[l]}</p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

interface Approval {
  currency: string;
  budget_key: string | null;
  limit_minor: number | null;
  remaining_minor: number | null;
  closed: boolean;
  to_issue_minor: number;
  within: boolean;
}
interface Preview {
  decision: string;
  currencies: { currency: string; to_issue: { orders: number; total_minor: number }; issued: { orders: number; total_minor: number } }[];
  approvals: Approval[];
  refusals: { count: number; last: { problem: string; detail: string; refused_by: string; refused_at: string } | null };
  undecided: unknown[];
}

function CompensationSection({ incidentId }: { incidentId: number }) {
  const { t, format } = useI18n();
  const preview = useApi<Preview>(`/api/delivery/incidents/${incidentId}/compensation-preview`);
  const issuing = useAction();
  const [done, setDone] = useState<{ issued: number; already_issued: number }>();
  const p = preview.data;
  async function issue() {
    setDone(undefined);
    const result = await issuing.run(() => api<{ issued: number; already_issued: number }>(`/api/delivery/incidents/${incidentId}/compensation`, { method: 'POST', body: {} }));
    if (result) setDone(result);
    // A refusal is counted too: read the preview again either way.
    preview.reload();
  }
  return (
    <section className="section card" aria-labelledby="compensation-title">
      <div className="card-header">
        <h2 id="compensation-title">{t('incidentCompensation.title')}</h2>
        <button type="button" className="button button-primary" disabled={issuing.busy || !p} onClick={() => void issue()}>{t('incidentCompensation.issue')}</button>
      </div>
      <ErrorMessage error={preview.error} />
      {p ? (
        <>
          <p className="muted small">{t('incidentCompensation.subtitle', { decision: p.decision })}</p>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t('incidentCompensation.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('incidentCompensation.currency')}</th>
                  <th scope="col" className="num">{t('incidentCompensation.toIssue')}</th>
                  <th scope="col" className="num">{t('incidentCompensation.issued')}</th>
                  <th scope="col">{t('incidentCompensation.budget')}</th>
                  <th scope="col" className="num">{t('incidentCompensation.remaining')}</th>
                </tr>
              </thead>
              <tbody>
                {p.currencies.length === 0 ? <tr><td colSpan={5} className="muted">{t('table.empty')}</td></tr> : null}
                {p.currencies.map((c) => {
                  const a = p.approvals.find((x) => x.currency === c.currency);
                  return (
                    <tr key={c.currency}>
                      <th scope="row">{c.currency}</th>
                      <td className="num">{format.money(c.to_issue.total_minor, c.currency)}<span className="block muted small">{t('incidentCompensation.orders', { count: c.to_issue.orders })}</span></td>
                      <td className="num">{format.money(c.issued.total_minor, c.currency)}<span className="block muted small">{t('incidentCompensation.orders', { count: c.issued.orders })}</span></td>
                      <td>
                        {a?.budget_key ? <code>{a.budget_key}</code> : <Badge tone="danger">{t('incidentCompensation.notApproved')}</Badge>}{' '}
                        {a?.budget_key && c.to_issue.orders > 0 ? <Badge tone={a.within ? 'success' : 'danger'}>{a.within ? t('incidentCompensation.within') : t('incidentCompensation.over')}</Badge> : null}
                      </td>
                      <td className="num">{a?.remaining_minor == null ? '—' : format.money(a.remaining_minor, c.currency)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {p.undecided.length ? <p className="muted small">{t('incidentCompensation.undecided', { count: p.undecided.length })}</p> : null}
          <dl className="details">
            <dt>{t('incidentCompensation.refusals')}</dt>
            <dd>
              <strong data-testid="refusal-count">{format.number(p.refusals.count)}</strong>
              {p.refusals.last ? (
                <span className="block small">
                  {t('incidentCompensation.lastRefusal', { at: format.dateTime(p.refusals.last.refused_at), by: p.refusals.last.refused_by, detail: p.refusals.last.detail })}
                </span>
              ) : <span className="muted"> ({t('incidentCompensation.noRefusals')})</span>}
            </dd>
          </dl>
        </>
      ) : null}
      <ErrorMessage error={issuing.error} />
      {done ? <div className="alert alert-success" role="status">{t('incidentCompensation.done', { issued: done.issued, already: done.already_issued })}</div> : null}
    </section>
  );
}
