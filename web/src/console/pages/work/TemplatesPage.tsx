import { Link } from 'react-router';
import { useApi } from '../../../shared/useApi.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import '../../work.css';

export const TEMPLATE_LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;

export interface TemplateKey {
  key: string;
  description: string;
  variables: Record<string, { description: string; sample?: unknown }>;
}
export interface Template {
  key: string;
  language: string;
  email_subject: string | null;
  email_html: string | null;
  email_text: string | null;
  sms_text: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** Every template key with the languages written so far; a language opens its editor. */
export function TemplatesPage() {
  const { t } = useI18n();
  const keys = useApi<TemplateKey[]>('/api/comms/template-keys');
  const templates = useApi<Template[]>('/api/comms/templates');
  const written = new Set((templates.data ?? []).map((template) => `${template.key}/${template.language}`));

  const columns: Column<TemplateKey>[] = [
    { key: 'key', header: t('templates.key'), render: (k) => <code className="strong">{k.key}</code> },
    { key: 'description', header: t('templates.description'), render: (k) => k.description },
    {
      key: 'languages',
      header: t('templates.languages'),
      render: (k) => (
        <ul className="language-chips">
          {TEMPLATE_LANGUAGES.map((language) => {
            const exists = written.has(`${k.key}/${language}`);
            return (
              <li key={language}>
                <Link
                  to={`/templates/${encodeURIComponent(k.key)}/${language}`}
                  className={`language-chip${exists ? '' : ' language-chip-missing'}`}
                  aria-label={exists ? t('templates.edit', { key: k.key, language: t(`language.${language}`) }) : t('templates.missing', { language: t(`language.${language}`) })}
                >
                  {language.toUpperCase()}
                </Link>
              </li>
            );
          })}
        </ul>
      ),
    },
    { key: 'variables', header: t('templates.variables'), render: (k) => <span className="muted small">{Object.keys(k.variables).join(', ') || '—'}</span> },
  ];

  return (
    <>
      <PageHeader title={t('templates.title')} subtitle={t('templates.subtitle')} />
      <ErrorMessage error={keys.error ?? templates.error} />
      <DataTable caption={t('templates.title')} columns={columns} rows={keys.data} rowKey={(k) => k.key} loading={keys.loading} empty={t('templates.none')} />
    </>
  );
}
