import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { MailFrame } from './MailFrame.tsx';
import { TEMPLATE_LANGUAGES, type Template, type TemplateKey } from './TemplatesPage.tsx';
import '../../work.css';

const FIELDS = ['email_subject', 'email_html', 'email_text', 'sms_text'] as const;
type Field = (typeof FIELDS)[number];
type Texts = Record<Field, string>;

interface Rendered {
  language: string;
  subject?: string;
  html?: string;
  text: string;
}
interface Preview {
  language: string;
  email?: Rendered;
  sms?: Rendered;
  problems: string[];
}

const PREVIEW_DELAY_MS = 400;

/** Loads the key and this language's template (none yet: an empty one to write), then edits it. */
export function TemplatePage() {
  const { key = '', language = '' } = useParams();
  const { t } = useI18n();
  const keys = useApi<TemplateKey[]>('/api/comms/template-keys');
  const known = (TEMPLATE_LANGUAGES as readonly string[]).includes(language);
  const template = useApi<Template>(known ? `/api/comms/templates/${encodeURIComponent(key)}/${language}` : null);
  const missing = template.error instanceof ApiError && template.error.status === 404;
  const declared = keys.data?.find((k) => k.key === key);

  if (!known || (keys.data && !declared)) {
    return (
      <>
        <PageHeader title={t('error.notFoundTitle')} />
        <Link to="/templates">{t('template.back')}</Link>
      </>
    );
  }
  if (keys.error || (template.error && !missing)) {
    return (
      <>
        <PageHeader title={t('templates.title')} />
        <ErrorMessage error={keys.error ?? template.error} />
      </>
    );
  }
  if (!declared || (!template.data && !missing) || template.loading) return <p role="status">{t('common.loading')}</p>;
  return <TemplateEditor key={`${key}/${language}`} templateKey={declared} language={language} stored={missing ? null : (template.data ?? null)} />;
}

function TemplateEditor({ templateKey, language, stored }: { templateKey: TemplateKey; language: string; stored: Template | null }) {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const editable = can('comms:write');
  const [texts, setTexts] = useState<Texts>(() => Object.fromEntries(FIELDS.map((field) => [field, stored?.[field] ?? ''])) as Texts);
  const [meta, setMeta] = useState(stored);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number>();
  const [saveError, setSaveError] = useState<Error>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<Error>();
  const [updating, setUpdating] = useState(false);

  // The preview follows the typing, once it pauses: the server renders the unsaved texts
  // with the key's sample values, exactly as a customer would get them.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setUpdating(true);
      const draft = Object.fromEntries(FIELDS.map((field) => [field, texts[field] || null]));
      api<Preview>(`/api/comms/templates/${encodeURIComponent(templateKey.key)}/preview`, { method: 'POST', body: { language, draft }, signal: controller.signal })
        .then((result) => {
          setPreview(result);
          setPreviewError(undefined);
        })
        .catch((failure: unknown) => {
          if (!controller.signal.aborted) setPreviewError(failure as Error);
        })
        .finally(() => {
          if (!controller.signal.aborted) setUpdating(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [texts, templateKey.key, language]);

  function change(field: Field, value: string) {
    setTexts((current) => ({ ...current, [field]: value }));
    setSaved(undefined);
    if (fieldErrors[field]) setFieldErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaveError(undefined);
    setFieldErrors({});
    setSaved(undefined);
    try {
      const body = Object.fromEntries(FIELDS.map((field) => [field, texts[field] || null]));
      const result = await api<Template>(`/api/comms/templates/${encodeURIComponent(templateKey.key)}/${language}`, { method: 'PUT', body });
      setMeta(result);
      setSaved(result.version);
    } catch (failure) {
      // A field's error (an unknown {{variable}}, a syntax slip) goes next to that field.
      const errors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
      const byField: Partial<Record<Field, string>> = {};
      for (const error of errors) {
        const field = error.field.replace(/^body\./, '') as Field;
        if ((FIELDS as readonly string[]).includes(field)) byField[field] = error.message;
      }
      setFieldErrors(byField);
      if (Object.keys(byField).length === 0 || !(failure instanceof ApiError)) setSaveError(failure as Error);
    } finally {
      setSaving(false);
    }
  }

  const languageName = t(`language.${language}` as never);
  const field = (name: Field, label: string, options: { rows?: number; hint?: string; mono?: boolean } = {}) => {
    const id = `template-${name}`;
    const error = fieldErrors[name];
    const described = [options.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      value: texts[name],
      readOnly: !editable,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': described,
      className: options.mono ? 'mono' : undefined,
      lang: language,
    };
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {options.rows ? <textarea {...common} rows={options.rows} onChange={(e) => change(name, e.target.value)} /> : <input {...common} onChange={(e) => change(name, e.target.value)} />}
        {options.hint ? (
          <span id={`${id}-hint`} className="hint">
            {options.hint}
          </span>
        ) : null}
        {error ? (
          <span id={`${id}-error`} className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/templates">{t('templates.title')}</Link> <span aria-hidden="true">/</span> <span>{templateKey.key}</span> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{languageName}</span>
      </nav>
      <PageHeader
        title={t('template.title', { key: templateKey.key, language: languageName })}
        subtitle={meta ? t('template.version', { version: meta.version, who: meta.updated_by ?? '—', when: format.dateTime(meta.updated_at) }) : templateKey.description}
        actions={
          <nav className="segmented view-tabs" aria-label={t('template.languages')}>
            {TEMPLATE_LANGUAGES.map((code) => (
              <Link key={code} to={`/templates/${encodeURIComponent(templateKey.key)}/${code}`} aria-current={code === language ? 'page' : undefined} lang={code}>
                {t(`language.${code}`)}
              </Link>
            ))}
          </nav>
        }
      />
      {!meta ? <p className="alert alert-warning">{t('template.new')}</p> : null}
      {!editable ? <p className="alert alert-warning">{t('template.readOnly')}</p> : null}
      <div className="template-columns">
        <form className="card form" onSubmit={(e) => void save(e)} aria-label={t('template.title', { key: templateKey.key, language: languageName })}>
          {field('email_subject', t('template.emailSubject'))}
          {field('email_html', t('template.emailHtml'), { rows: 9, mono: true })}
          {field('email_text', t('template.emailText'), { rows: 6, hint: t('template.emailTextHint') })}
          {field('sms_text', t('template.smsText'), { rows: 3, hint: t('template.smsLength', { count: texts.sms_text.length }) })}
          <ErrorMessage error={saveError} />
          {saved !== undefined ? (
            <p className="alert alert-success" role="status">
              {t('template.saved', { version: saved })}
            </p>
          ) : null}
          {editable ? (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={saving}>
                {saving ? t('template.saving') : t('template.save')}
              </button>
            </div>
          ) : null}
          <details className="variables-help">
            <summary>{t('template.variablesTitle')}</summary>
            <dl className="details work-details">
              {Object.entries(templateKey.variables).map(([name, variable]) => (
                <div key={name} className="details-row">
                  <dt>
                    <code>{`{{${name}}}`}</code>
                  </dt>
                  <dd>
                    {variable.description}
                    {variable.sample !== undefined ? <span className="muted small"> · {String(variable.sample)}</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
            <p className="hint">{t('template.standardVariables')}</p>
          </details>
        </form>

        <section className="card template-preview" aria-labelledby="template-preview-heading" aria-busy={updating ? 'true' : 'false'}>
          <div className="card-header">
            <h2 id="template-preview-heading">{t('template.preview')}</h2>
            <span className="muted small" aria-live="polite">
              {updating ? t('template.previewUpdating') : ''}
            </span>
          </div>
          <p className="hint">{t('template.previewHint')}</p>
          <ErrorMessage error={previewError} />
          {preview?.problems.length ? (
            <div className="alert alert-warning">
              <strong>{t('template.problems')}</strong>
              <ul>
                {preview.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview?.email ? (
            <div className="preview-block">
              <h3>{t('template.previewEmail')}</h3>
              {preview.email.language !== language ? <p className="hint">{t('template.previewFallback', { language: t(`language.${preview.email.language}` as never) })}</p> : null}
              <p className="preview-subject" data-testid="preview-subject">
                {preview.email.subject}
              </p>
              {preview.email.html ? (
                <MailFrame html={preview.email.html} title={t('template.previewFrame')} lang={preview.email.language} height={300} />
              ) : (
                <pre className="mail-text">{preview.email.text}</pre>
              )}
            </div>
          ) : null}
          {preview?.sms ? (
            <div className="preview-block">
              <h3>{t('template.previewSms')}</h3>
              {preview.sms.language !== language ? <p className="hint">{t('template.previewFallback', { language: t(`language.${preview.sms.language}` as never) })}</p> : null}
              <p className="sms-bubble" lang={preview.sms.language}>
                {preview.sms.text}
              </p>
            </div>
          ) : null}
        </section>
      </div>
    </>
  );
}
