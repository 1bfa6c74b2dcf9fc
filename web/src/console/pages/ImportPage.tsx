import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { Badge } from '../components/Badge.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useI18n } from '../i18n.ts';

interface ImportableEntity {
  entity: string;
  description: string;
  columns: { name: string; required: boolean }[];
}

interface ImportReport {
  entity: string;
  committed: boolean;
  rowsRead: number;
  imported: number;
  rejected: number;
  errors: { line: number; field: string; message: string }[];
  errorsTruncated: boolean;
  durationMs: number;
  detail?: string;
}

/** The API reads CSV or JSON Lines by content type; the file's extension says which it is. */
function contentTypeOf(file: File): string | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  return undefined;
}

export function ImportPage() {
  const { t, tOr, format } = useI18n();
  const entities = useApi<ImportableEntity[]>('/api/imports');
  const [entity, setEntity] = useState('customers');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<Error>();
  const selected = entities.data?.find((e) => e.entity === entity);
  const contentType = file ? contentTypeOf(file) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !contentType) return;
    setBusy(true);
    setReport(undefined);
    setError(undefined);
    try {
      setReport(await api<ImportReport>(`/api/imports/${entity}?skipInvalid=${skipInvalid}`, { method: 'POST', body: file, rawContentType: contentType }));
    } catch (failure) {
      // A 422 carries the whole report: which lines, which fields, why.
      if (failure instanceof ApiError && failure.status === 422 && Array.isArray(failure.problem.errors)) setReport(failure.problem as unknown as ImportReport);
      else setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <div className="card-grid">
        <section className="card" aria-labelledby="import-form-heading">
          <h2 id="import-form-heading">{t('import.upload')}</h2>
          <form className="form" onSubmit={submit}>
            <div className="field">
              <label htmlFor="import-entity">{t('import.entity')}</label>
              <select id="import-entity" value={entity} onChange={(e) => setEntity(e.target.value)}>
                {(entities.data ?? [{ entity: 'customers' }]).map((e) => (
                  <option key={e.entity} value={e.entity}>
                    {tOr(`import.entity.${e.entity}`, e.entity)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="import-file">{t('import.file')}</label>
              <input
                id="import-file"
                type="file"
                accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
                aria-describedby="import-file-hint"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <span id="import-file-hint" className="hint">
                {t('import.fileHint')}
              </span>
              {file && !contentType ? (
                <span className="field-error" role="alert">
                  {t('import.wrongType')}
                </span>
              ) : null}
            </div>
            <div className="checkbox">
              <input id="import-skip" type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
              <label htmlFor="import-skip">{t('import.skipInvalid')}</label>
            </div>
            <p className="hint">{skipInvalid ? t('import.skipInvalidHint') : t('import.allOrNothingHint')}</p>
            <button type="submit" className="button button-primary" disabled={!file || !contentType || busy}>
              {busy ? t('import.importing') : t('import.start')}
            </button>
          </form>
        </section>
        <section className="card" aria-labelledby="import-columns-heading">
          <h2 id="import-columns-heading">{t('import.columns')}</h2>
          <ErrorMessage error={entities.error} />
          {selected ? (
            <>
              <p className="muted">{selected.description}</p>
              <ul className="column-list">
                {selected.columns.map((column) => (
                  <li key={column.name}>
                    <code>{column.name}</code> {column.required ? <Badge tone="warning">{t('import.required')}</Badge> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
      <ErrorMessage error={error} />
      {report ? (
        <section className="card section" aria-labelledby="import-report-heading" aria-live="polite">
          <h2 id="import-report-heading">{t('import.report')}</h2>
          <div className={`alert ${report.committed ? (report.rejected ? 'alert-warning' : 'alert-success') : 'alert-error'}`} role="status">
            <strong>
              {report.committed
                ? t('import.committed', { imported: report.imported, rowsRead: report.rowsRead })
                : t('import.notCommitted', { rejected: report.rejected, rowsRead: report.rowsRead })}
            </strong>
            <p>
              {report.committed && report.rejected ? t('import.skipped', { count: report.rejected }) : null}{' '}
              {t('import.duration', { seconds: format.number(Math.round(report.durationMs / 100) / 10) })}
            </p>
          </div>
          {report.errors.length ? (
            <div className="table-wrap">
              <table className="data-table">
                <caption>{t('import.errors', { count: report.errors.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('import.line')}
                    </th>
                    <th scope="col">{t('import.field')}</th>
                    <th scope="col">{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num">{format.number(e.line)}</td>
                      <td>
                        <code>{e.field}</code>
                      </td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.errorsTruncated ? <p className="muted">{t('import.truncated')}</p> : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
