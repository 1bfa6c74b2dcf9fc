import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import type { ImpactPreview, RecallDashboard } from './recall-types.ts';

/**
 * Issue 11: whom a recall will not reach is said before activation, where the manager
 * decides, and after it on the dashboard with a way to fix and resend — never left to a
 * process variable.
 */
export function NotToldWarning({ preview }: { preview: ImpactPreview }) {
  const { t, tOr } = useI18n();
  const partners = preview.partners.filter((p) => !p.reached);
  const roles = preview.staff.filter((g) => !g.reached);
  const consumers = preview.reach.unreachable;
  if (!partners.length && !roles.length && !consumers) return null;
  return (
    <section className="alert alert-warning section" aria-labelledby="not-told-title">
      <h2 id="not-told-title">{t('recalls.notTold.title')}</h2>
      <ul>
        {partners.map((p) => (
          <li key={p.partner}>
            {p.reason === 'endpoint_inactive' ? t('recalls.notTold.endpointInactive', { partner: p.label }) : t('recalls.notTold.partner', { partner: p.label, count: p.locations })}
          </li>
        ))}
        {roles.map((g) => (
          <li key={g.role}>{t('recalls.notTold.role', { role: tOr(`recalls.role.${g.role}`, g.role) })}</li>
        ))}
        {consumers ? <li>{t('recalls.notTold.consumers', { count: consumers })} {t('recalls.unreachableReasons', preview.reach.unreachable_by_reason)}</li> : null}
      </ul>
      <p>
        {partners.length ? <Link to="/recall-partners">{t('recalls.notTold.fixPartners')}</Link> : null}
        {partners.length && roles.length ? ' · ' : null}
        {roles.length ? <Link to="/settings/users">{t('recalls.notTold.fixUsers')}</Link> : null}
      </p>
    </section>
  );
}

/** Issue 16.3: consumers who would read the title, reason or instructions in another language than theirs. */
export function UntranslatedWarning({ preview }: { preview: ImpactPreview }) {
  const { t } = useI18n();
  if (!preview.untranslated.length) return null;
  return (
    <section className="alert alert-warning section" aria-labelledby="untranslated-title">
      <h2 id="untranslated-title">{t('recalls.untranslated.title')}</h2>
      <ul>
        {preview.untranslated.map((u) => (
          <li key={u.language}>
            {t('recalls.untranslated.row', { count: u.consumers, language: t(`recalls.lang.${u.language}`), texts: u.texts.map((text) => t(`recalls.untranslated.text.${text}`)).join(', ') })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The partners and staff groups the activation steps will tell, and how. */
export function ToldCard({ preview }: { preview: ImpactPreview }) {
  const { t, tOr, format } = useI18n();
  return (
    <section className="card" aria-labelledby="told-title">
      <h2 id="told-title">{t('recalls.toldTitle')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls.partners.partner')}</th>
            <th scope="col" className="num">{t('recalls.partners.locations')}</th>
            <th scope="col">{t('recalls.partnerHow')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.partners.map((p) => (
            <tr key={p.partner}>
              <td>{p.label}</td>
              <td className="num">{format.number(p.locations)}</td>
              <td>{p.reached ? p.channels.map((c) => t(`recalls.channel.${c}`)).join(', ') : <Badge tone="danger">{tOr(`recalls.reason.${p.reason}`, String(p.reason))}</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls.staffRole')}</th>
            <th scope="col" className="num">{t('recalls.people')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.staff.map((g) => (
            <tr key={g.role}>
              <td>{tOr(`recalls.role.${g.role}`, g.role)}</td>
              <td className="num">{g.reached ? format.number(g.users) : <Badge tone="danger">{t('recalls.reason.no_users')}</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Produced = sold + in stock + whereabouts unknown: every unit in one place, the unknown said out loud. */
export function UnitsBalance({ totals }: { totals: ImpactPreview['totals'] }) {
  const { t, format } = useI18n();
  const n = (value: number) => format.number(Number(value));
  return (
    <section className="card" aria-labelledby="units-title">
      <h2 id="units-title">{t('recalls.whereUnits')}</h2>
      <div className="stat-grid">
        <StatCard label={t('recalls.produced')} value={totals.produced === null ? '—' : n(totals.produced)} />
        <StatCard label={t('recalls.sold')} value={n(totals.sold)} />
        <StatCard label={t('recalls.inStock')} value={n(totals.in_stock)} hint={totals.locations_stock_unknown ? t('recalls.stockUnknownAt', { count: totals.locations_stock_unknown }) : undefined} />
        <StatCard label={t('recalls.unitsUnknown')} value={totals.unknown === null ? '—' : n(totals.unknown)} hint={t('recalls.unitsUnknownHint')} />
      </div>
      {totals.produced === null ? <p className="hint">{t('recalls.producedUnknown')}</p> : null}
      {totals.recorded_beyond_production ? <p className="hint">{t('recalls.beyondProduction', { count: totals.recorded_beyond_production })}</p> : null}
    </section>
  );
}

/**
 * Issue 16.1 (R3): the consumers who bought the product without a recorded lot, apart from
 * the certainly affected, and the manager's "ask them to check the lot" — its own message,
 * never the certain notice's offer; pressed twice, nobody is written to twice.
 */
export function PossiblyAffectedPanel({ recallId, possibly, canWrite, onSent }: { recallId: number; possibly: RecallDashboard['possibly_affected']; canWrite: boolean; onSent(): void }) {
  const { t, format } = useI18n();
  const action = useAction();
  const [sent, setSent] = useState<{ queued: number; duplicate: number; unreachable: number }>();
  const total = (pick: (c: RecallDashboard['possibly_affected']['messages'][number]) => number) => possibly.messages.reduce((n, c) => n + Number(pick(c)), 0);
  const written = total((c) => c.queued) + total((c) => c.sent);

  async function send() {
    const result = await action.run(() => api<{ queued: number; duplicate: number; unreachable: number }>(`/api/recalls/${recallId}/possibly-affected/notices`, { method: 'POST' }));
    if (!result) return;
    setSent(result);
    onSent();
  }

  return (
    <section className="card section" aria-labelledby="possibly-title">
      <h2 id="possibly-title">{t('recalls.possibly.title')}</h2>
      <p className="hint">{t('recalls.possibly.explain')}</p>
      <div className="stat-grid">
        <StatCard label={t('recalls.consumers')} value={format.number(possibly.consumers)} hint={t('recalls.anonymousUnits', { count: possibly.units_anonymous })} />
        <StatCard label={t('recalls.possibly.reachable')} value={format.number(possibly.reach.email + possibly.reach.sms)} hint={t('recalls.possibly.unreachable', { count: possibly.reach.unreachable })} />
        <StatCard label={t('recalls.possibly.asked')} value={format.number(written)} hint={total((c) => c.failed) ? t('recalls.possibly.failed', { count: total((c) => c.failed) }) : undefined} />
      </div>
      {sent ? <div className="alert alert-success" role="status">{t('recalls.possibly.sent', sent)}</div> : null}
      <ErrorMessage error={action.error} />
      {canWrite && possibly.consumers > 0 ? (
        <p>
          <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void send()}>
            {t('recalls.possibly.send')}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** The dashboard's account of partners and staff: notified, not told and why, and a resend once fixed. */
export function NoticesPanel({ recallId, notices, canWrite, onResent }: { recallId: number; notices: RecallDashboard['notices']; canWrite: boolean; onResent(): void }) {
  const { t, tOr, format } = useI18n();
  const action = useAction();
  const [resent, setResent] = useState<{ partners: number; staff: number }>();
  const tone = { notified: 'success', unreached: 'danger', pending: 'neutral' } as const;

  async function resend() {
    const result = await action.run(() => api<{ partners: { notified: number }; staff: { alerted: number } }>(`/api/recalls/${recallId}/resend-notices`, { method: 'POST' }));
    if (!result) return;
    setResent({ partners: result.partners.notified, staff: result.staff.alerted });
    onResent();
  }

  return (
    <section className="card section" aria-labelledby="notices-title">
      <h2 id="notices-title">{t('recalls.notices.title')}</h2>
      {notices.unreached ? (
        <div className="alert alert-warning" role="status">
          <p>{t('recalls.notices.unreached', { count: notices.unreached })}</p>
          <p>
            {t('recalls.notices.resendHint')} <Link to="/recall-partners">{t('recalls.notTold.fixPartners')}</Link> · <Link to="/settings/users">{t('recalls.notTold.fixUsers')}</Link>
          </p>
        </div>
      ) : null}
      {resent ? <div className="alert alert-success" role="status">{t('recalls.notices.resent', resent)}</div> : null}
      <ErrorMessage error={action.error} />
      {canWrite && notices.resendable > 0 ? (
        <p>
          <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void resend()}>
            {t('recalls.notices.resend')}
          </button>
        </p>
      ) : null}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls.partners.partner')}</th>
            <th scope="col" className="num">{t('recalls.partners.locations')}</th>
            <th scope="col">{t('recalls.status')}</th>
            <th scope="col">{t('recalls.partnerHow')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.partners.map((p) => (
            <tr key={p.partner}>
              <td>{p.label}</td>
              <td className="num">{format.number(p.locations)}</td>
              <td>
                <Badge tone={tone[p.status]}>{t(`recalls.notices.status.${p.status}`)}</Badge>
              </td>
              <td>
                {p.status === 'notified'
                  ? p.channels.map((c) => tOr(`recalls.channel.${c}`, c)).join(', ')
                  : p.reason
                    ? `${tOr(`recalls.reason.${p.reason}`, p.reason)}${p.reachable_now ? ` — ${t('recalls.notices.fixable')}` : ''}`
                    : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls.staffRole')}</th>
            <th scope="col">{t('recalls.status')}</th>
            <th scope="col" className="num">{t('recalls.notices.alerted')}</th>
          </tr>
        </thead>
        <tbody>
          {notices.staff.map((g) => (
            <tr key={g.role}>
              <td>{tOr(`recalls.role.${g.role}`, g.role)}</td>
              <td>
                <Badge tone={tone[g.status]}>{t(`recalls.notices.status.${g.status}`)}</Badge>{' '}
                {g.status === 'unreached' && g.reason ? `${tOr(`recalls.reason.${g.reason}`, g.reason)}${g.reachable_now ? ` — ${t('recalls.notices.fixable')}` : ''}` : null}
              </td>
              <td className="num">{format.number(g.alerted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
