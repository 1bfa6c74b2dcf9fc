import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import type { RecallPartner } from './recall-types.ts';

interface Endpoint {
  id: number;
  name: string;
  url: string;
  active: boolean;
}

/**
 * Every retail chain and distributor a recall can concern, with the contact its notices go
 * to — the ones without any listed first (issue 11: the chain that sold most of a lot had
 * none, and contacts could only be set through the API).
 */
export function RecallPartnersPage() {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const partners = useApi<RecallPartner[]>('/api/recall-partners');
  const endpoints = useApi<Endpoint[]>(can('comms:read') ? '/api/comms/webhook-endpoints' : null);
  const [editing, setEditing] = useState<RecallPartner>();
  const [saved, setSaved] = useState<string>();
  const endpointName = (id: number | null) => (id === null ? null : (endpoints.data?.find((e) => e.id === id)?.name ?? `#${id}`));

  const columns: Column<RecallPartner>[] = [
    { key: 'partner', header: t('recalls.partners.partner'), render: (p) => p.label },
    { key: 'kind', header: t('recalls.partners.kind'), render: (p) => tOr(`recalls.partners.kind.${p.kind}`, p.kind) },
    { key: 'locations', header: t('recalls.partners.locations'), align: 'end', render: (p) => format.number(p.locations) },
    {
      key: 'contact',
      header: t('recalls.partners.contactEmail'),
      render: (p) => p.contact_email ?? (p.webhook_endpoint_id === null ? <Badge tone="danger">{t('recalls.partners.noContact')}</Badge> : '—'),
    },
    { key: 'webhook', header: t('recalls.partners.webhook'), render: (p) => endpointName(p.webhook_endpoint_id) ?? '—' },
    ...(can('recalls:write')
      ? [{
          key: 'edit',
          header: '',
          render: (p: RecallPartner) => (
            <button type="button" className="button" aria-label={`${t('recalls.partners.edit')}: ${p.label}`} onClick={() => { setSaved(undefined); setEditing(p); }}>
              {t('recalls.partners.edit')}
            </button>
          ),
        }]
      : []),
  ];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/recalls">{t('recalls.title')}</Link>
      </p>
      <PageHeader title={t('recalls.partners.title')} subtitle={t('recalls.partners.intro')} />
      {saved ? <div className="alert alert-success" role="status">{t('recalls.partners.saved', { partner: saved })}</div> : null}
      <ErrorMessage error={partners.error} />
      <DataTable caption={t('recalls.partners.title')} columns={columns} rows={partners.data} rowKey={(p) => p.partner} loading={partners.loading} />
      <Dialog open={editing !== undefined} title={editing ? t('recalls.partners.editTitle', { partner: editing.label }) : ''} onClose={() => setEditing(undefined)}>
        {editing ? (
          <ContactForm
            partner={editing}
            endpoints={endpoints.data}
            onCancel={() => setEditing(undefined)}
            onSaved={() => {
              setSaved(editing.label);
              setEditing(undefined);
              partners.reload();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function ContactForm({ partner, endpoints, onCancel, onSaved }: { partner: RecallPartner; endpoints: Endpoint[] | undefined; onCancel(): void; onSaved(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [email, setEmail] = useState(partner.contact_email ?? '');
  const [endpoint, setEndpoint] = useState(partner.webhook_endpoint_id === null ? '' : String(partner.webhook_endpoint_id));

  async function save(event: FormEvent) {
    event.preventDefault();
    const done = await action.run(() => api('/api/recall-partners', {
      method: 'PUT',
      body: { partner: partner.partner, contact_email: email.trim() || null, webhook_endpoint_id: endpoint ? Number(endpoint) : null },
    }));
    if (done !== undefined) onSaved();
  }

  return (
    <form onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor="partner-email">{t('recalls.partners.contactEmail')}</label>
        <input id="partner-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      {endpoints ? (
        <div className="field">
          <label htmlFor="partner-webhook">{t('recalls.partners.webhook')}</label>
          <select id="partner-webhook" value={endpoint} onChange={(e) => setEndpoint(e.target.value)}>
            <option value="">{t('recalls.partners.noWebhook')}</option>
            {endpoints.filter((e) => e.active || String(e.id) === endpoint).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} — {e.url}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorMessage error={action.error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('recalls.partners.save')}
        </button>
      </div>
    </form>
  );
}
