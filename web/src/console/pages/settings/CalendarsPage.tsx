import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';

interface CaseType {
  type: string;
  name: string;
  sla_calendar_source: 'customer' | 'team';
}
interface Place {
  country: string;
  region: string;
  calendar_id: string;
}
interface Calendar {
  id: string;
  name: string;
  time_zone: string;
  holiday_region: string | null;
}
interface Policy {
  case_type: string | null;
  priority: string | null;
  calendar_id: string;
}

/**
 * /settings/calendars: which business calendar a case's SLA counts on. Per case type, the
 * customer's place or always the team's (the SLA policy's); per country or region, which
 * calendar serves its customers. Changes apply to cases opened or re-planned afterwards.
 */
export function CalendarsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const editable = can('cases:configure');
  const types = useApi<CaseType[]>('/api/case-types');
  const places = useApi<Place[]>('/api/sla-calendar-places');
  const calendars = useApi<Calendar[]>('/api/business-calendars');
  const policies = useApi<Policy[]>('/api/sla-policies');
  const action = useAction();
  const calendarName = (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id;
  const teamCalendarOf = (type: string) =>
    (policies.data?.find((p) => p.case_type === type && p.priority === null) ?? policies.data?.find((p) => p.case_type === null && p.priority === null))?.calendar_id;

  async function setSource(type: string, source: string) {
    const saved = await action.run(() => api(`/api/case-types/${encodeURIComponent(type)}/sla-calendar-source`, { method: 'PUT', body: { source } }));
    if (saved) types.reload();
  }

  const typeColumns: Column<CaseType>[] = [
    { key: 'type', header: t('calendars.caseType'), render: (c) => <strong>{c.name}</strong> },
    {
      key: 'source',
      header: t('calendars.source'),
      render: (c) =>
        editable ? (
          <select aria-label={t('calendars.sourceOf', { type: c.name })} value={c.sla_calendar_source} disabled={action.busy} onChange={(e) => void setSource(c.type, e.target.value)}>
            <option value="customer">{t('calendars.source.customer')}</option>
            <option value="team">{t('calendars.source.team')}</option>
          </select>
        ) : (
          t(`calendars.source.${c.sla_calendar_source}`)
        ),
    },
    { key: 'team', header: t('calendars.teamCalendar'), render: (c) => calendarName(teamCalendarOf(c.type) ?? '—') },
  ];
  const placeColumns: Column<Place>[] = [
    { key: 'country', header: t('calendars.country'), render: (p) => <code>{p.country}</code> },
    { key: 'region', header: t('calendars.region'), render: (p) => p.region || <span className="muted">{t('calendars.wholeCountry')}</span> },
    { key: 'calendar', header: t('calendars.calendar'), render: (p) => calendarName(p.calendar_id) },
  ];

  return (
    <>
      <PageHeader title={t('calendars.title')} subtitle={t('calendars.subtitle')} />
      <ErrorMessage error={action.error ?? types.error ?? places.error ?? calendars.error ?? policies.error} />
      <h2 className="section-title">{t('calendars.byCaseType')}</h2>
      <DataTable caption={t('calendars.byCaseType')} columns={typeColumns} rows={types.data} rowKey={(c) => c.type} loading={types.loading} />
      <h2 className="section-title">{t('calendars.byPlace')}</h2>
      <p className="muted">{t('calendars.byPlaceHint')}</p>
      <DataTable caption={t('calendars.byPlace')} columns={placeColumns} rows={places.data} rowKey={(p) => `${p.country}/${p.region}`} loading={places.loading} />
      {editable && calendars.data ? <PlaceForm calendars={calendars.data} onSaved={places.reload} /> : null}
    </>
  );
}

function PlaceForm({ calendars, onSaved }: { calendars: Calendar[]; onSaved(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [country, setCountry] = useState('');
  const [region, setRegion] = useState('');
  const [calendarId, setCalendarId] = useState(calendars[0]?.id ?? '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const saved = await action.run(() => api('/api/sla-calendar-places', { method: 'PUT', body: { country: country.trim().toUpperCase(), region: region.trim(), calendar_id: calendarId } }));
    if (saved) {
      setCountry('');
      setRegion('');
      onSaved();
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby="calendar-place-heading">
      <h2 id="calendar-place-heading" className="section-title">{t('calendars.setPlace')}</h2>
      <div className="field">
        <label htmlFor="place-country">{t('calendars.country')}</label>
        <input id="place-country" required pattern="[A-Za-z]{2}" maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} aria-describedby="place-country-hint" />
        <span id="place-country-hint" className="hint">{t('calendars.countryHint')}</span>
      </div>
      <div className="field">
        <label htmlFor="place-region">{t('calendars.region')}</label>
        <input id="place-region" maxLength={100} value={region} onChange={(e) => setRegion(e.target.value)} aria-describedby="place-region-hint" />
        <span id="place-region-hint" className="hint">{t('calendars.regionHint')}</span>
      </div>
      <div className="field">
        <label htmlFor="place-calendar">{t('calendars.calendar')}</label>
        <select id="place-calendar" value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy || country.trim().length !== 2}>
        {t('calendars.save')}
      </button>
    </form>
  );
}
