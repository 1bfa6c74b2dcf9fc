import { Link, useParams } from 'react-router';
import { ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { MailFrame } from './MailFrame.tsx';
import '../../work.css';

interface ReceivedMail {
  id: number;
  message_id: string;
  envelope_from: string | null;
  envelope_to: string[];
  deliveries: number;
  received_at: string;
  from: string | null;
  to: string | null;
  subject: string | null;
  date: string | null;
  language: string | null;
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
}

/** One received e-mail: the HTML as the customer sees it (sandboxed), the text part and the headers. */
export function MailboxMessagePage() {
  const { id } = useParams();
  const { t, tOr, format } = useI18n();
  const { data, error } = useApi<ReceivedMail>(`/api/mailbox/${encodeURIComponent(id ?? '')}`);
  if (error) {
    return (
      <>
        <PageHeader title={error instanceof ApiError && error.status === 404 ? t('mailbox.notFound') : t('mailbox.title')} />
        <ErrorMessage error={error} />
        <Link to="/mailbox">{t('mailbox.back')}</Link>
      </>
    );
  }
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const mail = data;
  const subject = mail.subject || t('mailbox.noSubject');
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/mailbox">{t('mailbox.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{subject}</span>
      </nav>
      <PageHeader title={subject} subtitle={mail.to ?? mail.envelope_to.join(', ')} />
      <div className="work-columns">
        <div className="work-main">
          <section className="card" aria-labelledby="mail-html-heading">
            <h2 id="mail-html-heading">{t('mailbox.html')}</h2>
            {mail.html ? <MailFrame html={mail.html} title={t('mailbox.htmlFrame')} lang={mail.language ?? undefined} /> : <p className="muted">{t('mailbox.noHtml')}</p>}
          </section>
          <section className="card" aria-labelledby="mail-text-heading">
            <h2 id="mail-text-heading">{t('mailbox.text')}</h2>
            {mail.text ? (
              <pre className="mail-text" lang={mail.language ?? undefined}>
                {mail.text}
              </pre>
            ) : (
              <p className="muted">{t('mailbox.noText')}</p>
            )}
          </section>
          <section className="card" aria-labelledby="mail-headers-heading">
            <h2 id="mail-headers-heading">{t('mailbox.headers')}</h2>
            <div className="table-wrap">
              <table className="data-table headers-table">
                <caption className="visually-hidden">{t('mailbox.headers')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mailbox.header')}</th>
                    <th scope="col">{t('mailbox.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mail.headers.map((header, index) => (
                    <tr key={index}>
                      <th scope="row">
                        <code>{header.name}</code>
                      </th>
                      <td className="break">{header.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </div>
        <div className="work-side">
          <section className="card" aria-labelledby="mail-details-heading">
            <h2 id="mail-details-heading">{t('message.delivery')}</h2>
            <dl className="details work-details">
              <dt>{t('mailbox.from')}</dt>
              <dd>{mail.from ?? '—'}</dd>
              <dt>{t('mailbox.to')}</dt>
              <dd>{mail.to ?? '—'}</dd>
              <dt>{t('mailbox.date')}</dt>
              <dd>{mail.date ? format.dateTime(mail.date) : '—'}</dd>
              <dt>{t('mailbox.received')}</dt>
              <dd>{format.dateTime(mail.received_at)}</dd>
              <dt>{t('message.language')}</dt>
              <dd>{mail.language ? tOr(`language.${mail.language}`, mail.language) : '—'}</dd>
              <dt>{t('mailbox.envelope')}</dt>
              <dd>
                {mail.envelope_from ?? '—'} → {mail.envelope_to.join(', ')}
              </dd>
              <dt>{t('mailbox.deliveries')}</dt>
              <dd>{mail.deliveries > 1 ? t('mailbox.repeat', { count: mail.deliveries }) : format.number(mail.deliveries)}</dd>
              <dt>{t('mailbox.messageId')}</dt>
              <dd>
                <code>{mail.message_id}</code>
              </dd>
            </dl>
          </section>
        </div>
      </div>
    </>
  );
}
