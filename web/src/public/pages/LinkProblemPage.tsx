import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useI18n } from '../i18n.ts';

/**
 * Where a visitor lands when a public link leads nowhere: a mistyped or removed page, or a
 * signed link past its expiry. It says what happened and what to do, never a stack trace.
 */
export function LinkProblemPage({ kind }: { kind: 'not-found' | 'expired' }) {
  const { t } = useI18n();
  const location = useLocation();
  const title = kind === 'expired' ? t('expired.title') : t('notFound.title');
  useEffect(() => {
    document.title = title;
  }, [title]);
  // Public pages such as a recall notice should be found by search engines; this one not.
  useEffect(() => {
    const robots = document.createElement('meta');
    robots.name = 'robots';
    robots.content = 'noindex';
    document.head.append(robots);
    return () => robots.remove();
  }, []);
  const code = kind === 'expired' ? 'LINK-EXPIRED' : `NOT-FOUND ${location.pathname}`;
  return (
    <article className="problem-page">
      <div className={`problem-icon problem-icon-${kind}`} aria-hidden="true">
        {kind === 'expired' ? (
          // A clock face; no emoji, which many phones and kiosks lack a font for.
          <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="12" cy="12" r="9" />
            <path d="M12 7v5l3 2" />
          </svg>
        ) : (
          '?'
        )}
      </div>
      <h1>{title}</h1>
      <p className="lead">{kind === 'expired' ? t('expired.lead') : t('notFound.lead')}</p>
      <section aria-labelledby="what-now">
        <h2 id="what-now">{t('problem.whatNow')}</h2>
        <ul className="steps">
          {kind === 'not-found' ? <li>{t('problem.checkAddress')}</li> : null}
          <li>{t('problem.latestMessage')}</li>
          <li>{t('problem.contactUs')}</li>
        </ul>
      </section>
      <p className="reference">{t('problem.code', { code })}</p>
    </article>
  );
}
