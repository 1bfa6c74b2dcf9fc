import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import './segments.css';
import type { Entry, Evaluation, FilterFieldInfo, Preview, Report, Segment, SegmentVersion } from './segment-types.ts';

const FUNNEL = ['entered', 'members_now', 'control_group', 'started', 'pending', 'capped', 'reentry_blocked', 'left_before_start', 'failed'] as const;

/**
 * One segment (or a new one): the filter with a preview of counts and sample members before
 * saving, the process its entries start with the re-entry rule, control share and frequency
 * cap; then its report, latest entries and versions.
 */
export function SegmentPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t, format } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const segment = useApi<{ segment: Segment; versions: SegmentVersion[] }>(isNew ? null : `/api/winback/segments/${id}`);
  const report = useApi<Report>(isNew ? null : `/api/winback/segments/${id}/report`);
  const entries = useApi<{ items: Entry[]; total: number }>(isNew ? null : `/api/winback/segments/${id}/entries?limit=20`);
  const [saved, setSaved] = useState<Evaluation>();
  const current = segment.data?.segment;
  const editable = can('winback:configure');

  return (
    <>
      <p className="breadcrumb">
        <Link to="/segments">{t('segments.title')}</Link>
      </p>
      <PageHeader title={current ? t('segments.editTitle', { name: current.name }) : t('segments.newTitle')} subtitle={current?.description ?? undefined} />
      <ErrorMessage error={segment.error} />
      {saved ? <div className="alert alert-success" role="status">{t('segments.saved', { ...saved })}</div> : null}
      {isNew || current ? (
        <SegmentForm
          key={current ? `${current.id}-${current.version}` : 'new'}
          segment={current}
          editable={editable}
          onSaved={(result, savedId) => {
            setSaved(result);
            if (isNew) void navigate(`/segments/${savedId}`);
            segment.reload();
            report.reload();
            entries.reload();
          }}
        />
      ) : null}
      {report.data ? <ReportPanel report={report.data} /> : null}
      {entries.data ? (
        <section className="card section">
          <h2>{t('segments.entries')}</h2>
          <EntriesTable entries={entries.data.items} />
          <p>
            <a href={`/api/winback/segments/${id}/entries.csv`} download>{t('segments.csv')}</a>
          </p>
        </section>
      ) : null}
      {segment.data ? (
        <section className="card section">
          <h2>{t('segments.versions')}</h2>
          <ol reversed>
            {segment.data.versions.map((v) => (
              <li key={v.version}>
                <code>{v.filter_text}</code> → {v.process_id ?? t('segments.noProcess')} — {t('segments.savedBy', { who: v.saved_by, when: format.dateTime(v.saved_at) })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function SegmentForm({ segment, editable, onSaved }: { segment: Segment | undefined; editable: boolean; onSaved(evaluation: Evaluation, id: number): void }) {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const fields = useApi<FilterFieldInfo[]>('/api/winback/segments/fields');
  const processes = useApi<{ items: { processId: string; name: string | null; executable: boolean }[] }>(can('processes:read') ? '/api/processes' : null);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [filterText, setFilterText] = useState(segment?.filter_text ?? "quiet AND period_revenue_minor >= 50000 AND abc_class = 'A'");
  const [processId, setProcessId] = useState(segment?.process_id ?? '');
  const [reentry, setReentry] = useState<Segment['reentry']>(segment?.reentry ?? 'once');
  const [cooldownDays, setCooldownDays] = useState(String(segment?.cooldown_days ?? 90));
  const [controlPercent, setControlPercent] = useState(String(Math.round((segment?.control_share ?? 0.1) * 1000) / 10));
  const [capContacts, setCapContacts] = useState(segment?.cap_contacts ? String(segment.cap_contacts) : '');
  const [capDays, setCapDays] = useState(segment?.cap_days ? String(segment.cap_days) : '');
  const [preview, setPreview] = useState<Preview>();
  const previewAction = useAction();
  const saveAction = useAction();

  // A changed filter makes the old preview wrong: drop it rather than show stale counts.
  useEffect(() => setPreview(undefined), [filterText]);

  async function runPreview() {
    const result = await previewAction.run(() => api<Preview>('/api/winback/segments/preview', { method: 'POST', body: { filter_text: filterText, ...(segment && { segment_id: segment.id }) } }));
    setPreview(result);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      filter_text: filterText,
      process_id: processId || null,
      reentry,
      cooldown_days: reentry === 'cooldown' ? Number(cooldownDays) : null,
      control_share: Number(controlPercent || 0) / 100,
      cap_contacts: capContacts ? Number(capContacts) : null,
      cap_days: capDays ? Number(capDays) : null,
    };
    const result = await saveAction.run(() => api<{ segment: Segment; evaluation: Evaluation }>(segment ? `/api/winback/segments/${segment.id}` : '/api/winback/segments', { method: segment ? 'PUT' : 'POST', body }));
    if (result) onSaved(result.evaluation, result.segment.id);
  }

  const sampleColumns: Column<Preview['sample'][number]>[] = [
    { key: 'customer', header: t('segments.customer'), render: (s) => <Link to={`/customers/${s.customer_id}`}>{s.name}</Link> },
    { key: 'abc', header: t('segments.abc'), render: (s) => s.abc_class ?? '—' },
    { key: 'revenue', header: t('segments.revenue'), align: 'end', render: (s) => (s.currency ? format.money(s.period_revenue_minor, s.currency) : '—') },
    { key: 'recency', header: t('segments.recency'), align: 'end', render: (s) => format.number(s.recency_days) },
    { key: 'risk', header: t('segments.risk'), render: (s) => (s.churn_risk ? tOr(`winback.risk.${s.churn_risk}`, s.churn_risk) : '—') },
  ];

  return (
    <form className="card section segment-form" onSubmit={(e) => void save(e)}>
      <fieldset disabled={!editable}>
        <div className="field">
          <label htmlFor="segment-name">{t('segments.name')}</label>
          <input id="segment-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="segment-description">{t('segments.description')}</label>
          <input id="segment-description" maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="segment-filter">{t('segments.filter')}</label>
          <textarea id="segment-filter" rows={3} required value={filterText} onChange={(e) => setFilterText(e.target.value)} spellCheck={false} aria-describedby="segment-filter-hint" />
          <p id="segment-filter-hint" className="hint">{t('segments.filterHint')}</p>
          {fields.data ? (
            <details>
              <summary>{t('segments.fields')}</summary>
              <ul>
                {fields.data.map((f) => (
                  <li key={f.name}>
                    <code>{f.name}</code> ({f.values ? f.values.join(', ') : f.type}) — {f.description}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void runPreview()} disabled={previewAction.busy}>
            {previewAction.busy ? t('segments.previewing') : t('segments.preview')}
          </button>
        </div>
        <ErrorMessage error={previewAction.error} />
        {preview ? (
          <div className="segment-preview" role="status">
            <p>
              <strong>{t('segments.matching', { matching: format.number(preview.matching), total: format.number(preview.customers_total) })}</strong>
              {preview.entering !== null ? <> · {format.number(preview.entering)} {t('segments.entering')} · {format.number(preview.leaving)} {t('segments.leaving')}</> : null}
            </p>
            <DataTable caption={t('segments.sample')} columns={sampleColumns} rows={preview.sample} rowKey={(s) => s.customer_id} />
          </div>
        ) : null}

        <h2 className="section-title">{t('segments.binding')}</h2>
        <div className="field">
          <label htmlFor="segment-process">{t('segments.process')}</label>
          <select id="segment-process" value={processId} onChange={(e) => setProcessId(e.target.value)} aria-describedby="segment-process-hint">
            <option value="">{t('segments.noProcess')}</option>
            {(processes.data?.items ?? []).filter((p) => p.executable || p.processId === processId).map((p) => (
              <option key={p.processId} value={p.processId}>{p.name ? `${p.name} (${p.processId})` : p.processId}</option>
            ))}
          </select>
          <p id="segment-process-hint" className="hint">{t('segments.bindingHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="segment-reentry">{t('segments.reentry')}</label>
          <select id="segment-reentry" value={reentry} onChange={(e) => setReentry(e.target.value as Segment['reentry'])}>
            {(['once', 'every', 'cooldown'] as const).map((r) => <option key={r} value={r}>{t(`segments.reentry.${r}`)}</option>)}
          </select>
        </div>
        {reentry === 'cooldown' ? (
          <div className="field">
            <label htmlFor="segment-cooldown">{t('segments.cooldownDays')}</label>
            <input id="segment-cooldown" type="number" min={1} max={3650} required value={cooldownDays} onChange={(e) => setCooldownDays(e.target.value)} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="segment-control">{t('segments.controlShare')}</label>
          <input id="segment-control" type="number" min={0} max={50} step={0.5} value={controlPercent} onChange={(e) => setControlPercent(e.target.value)} aria-describedby="segment-control-hint" />
          <p id="segment-control-hint" className="hint">{t('segments.controlHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="segment-cap-contacts">{t('segments.capContacts')}</label>
          <input id="segment-cap-contacts" type="number" min={1} max={1000} value={capContacts} onChange={(e) => setCapContacts(e.target.value)} />
          <label htmlFor="segment-cap-days">{t('segments.capDays')}</label>
          <input id="segment-cap-days" type="number" min={1} max={365} value={capDays} onChange={(e) => setCapDays(e.target.value)} aria-describedby="segment-cap-hint" />
          <p id="segment-cap-hint" className="hint">{t('segments.capHint')}</p>
        </div>
        <ErrorMessage error={saveAction.error} />
        {editable ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saveAction.busy}>
              {segment ? t('segments.save') : t('segments.create')}
            </button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

function ReportPanel({ report }: { report: Report }) {
  const { t, format } = useI18n();
  const percent = (rate: number | null) => (rate === null ? '—' : `${format.number(Math.round(rate * 1000) / 10)} %`);
  const points = (value: number) => format.number(Math.round(value * 1000) / 10);
  return (
    <section className="card section">
      <h2>{t('segments.report')}</h2>
      <div className="stat-grid">
        {FUNNEL.map((key) => <StatCard key={key} label={t(`segments.funnel.${key}`)} value={format.number(report.funnel[key] ?? 0)} />)}
      </div>
      <p>{t('segments.windowDays', { days: report.window_days })}</p>
      <ul>
        <li>{t('segments.treatment', { rate: percent(report.treatment.rate), n: report.treatment.ordered_again, entries: report.treatment.entries })}</li>
        <li>{t('segments.controlRate', { rate: percent(report.control.rate), n: report.control.ordered_again, entries: report.control.entries })}</li>
        {report.uplift ? <li><strong>{t('segments.uplift', { difference: points(report.uplift.difference), low: points(report.uplift.low), high: points(report.uplift.high) })}</strong></li> : null}
      </ul>
      {report.uplift_note ? <p className="hint">{t(`segments.upliftNote.${report.uplift_note}`)}</p> : null}
    </section>
  );
}

function EntriesTable({ entries }: { entries: Entry[] }) {
  const { t, format } = useI18n();
  const columns: Column<Entry>[] = [
    { key: 'customer', header: t('segments.customer'), render: (e) => <Link to={`/customers/${e.customer_id}`}>{e.external_id}</Link> },
    { key: 'entered', header: t('segments.enteredAt'), render: (e) => format.dateTime(e.entered_at) },
    { key: 'left', header: t('segments.leftAt'), render: (e) => (e.left_at ? format.dateTime(e.left_at) : '—') },
    {
      key: 'status',
      header: t('segments.status'),
      render: (e) => (
        <span title={e.start_note ?? undefined}>
          <Badge tone={e.start_status === 'failed' ? 'danger' : e.control ? 'info' : 'neutral'}>{t(`segments.status.${e.start_status}` as never)}</Badge>
          {e.instance_id ? <> <Link to={`/processes/instances/${e.instance_id}`}>#{e.instance_id}</Link></> : null}
        </span>
      ),
    },
    { key: 'again', header: t('segments.orderedAgain'), render: (e) => (e.ordered_again ? t('segments.yes') : t('segments.no')) },
  ];
  return <DataTable caption={t('segments.entries')} columns={columns} rows={entries} rowKey={(e) => e.entry_id} />;
}
