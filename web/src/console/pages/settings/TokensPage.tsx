import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';

interface Token {
  id: number;
  name: string;
  token_prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function TokensPage() {
  const { t, format } = useI18n();
  const tokens = useApi<Token[]>('/api/tokens');
  const [secret, setSecret] = useState<{ name: string; token: string }>();
  const [error, setError] = useState<Error>();

  async function revoke(token: Token) {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    setError(undefined);
    try {
      await api(`/api/tokens/${token.id}`, { method: 'DELETE' });
      tokens.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  }

  const now = Date.now();
  const columns: Column<Token>[] = [
    { key: 'name', header: t('tokens.name'), render: (k) => <strong>{k.name}</strong> },
    { key: 'prefix', header: t('tokens.prefix'), render: (k) => <code>{k.token_prefix}…</code> },
    { key: 'scopes', header: t('tokens.scopes'), render: (k) => <span className="scope-list">{k.scopes.map((s) => <code key={s}>{s}</code>)}</span> },
    { key: 'created', header: t('tokens.created'), render: (k) => format.date(k.created_at) },
    { key: 'expires', header: t('tokens.expires'), render: (k) => format.date(k.expires_at) || t('tokens.never') },
    { key: 'used', header: t('tokens.lastUsed'), render: (k) => (k.last_used_at ? format.relative(k.last_used_at) : t('tokens.never')) },
    {
      key: 'status',
      header: t('users.status'),
      render: (k) =>
        k.revoked_at ? (
          <Badge tone="danger">{t('tokens.revoked')}</Badge>
        ) : k.expires_at && new Date(k.expires_at).getTime() <= now ? (
          <Badge tone="warning">{t('tokens.expired')}</Badge>
        ) : (
          <Badge tone="success">{t('tokens.active')}</Badge>
        ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (k) =>
        k.revoked_at ? null : (
          <button type="button" className="button button-small button-danger" onClick={() => void revoke(k)} aria-label={t('tokens.revokeToken', { name: k.name })}>
            {t('tokens.revoke')}
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.subtitle')} />
      <div className="card-grid">
        <section className="card" aria-labelledby="new-token-heading">
          <h2 id="new-token-heading">{t('tokens.create')}</h2>
          <CreateTokenForm
            onCreated={(created) => {
              setSecret(created);
              tokens.reload();
            }}
          />
        </section>
        {secret ? (
          <section className="card card-highlight" aria-labelledby="secret-heading">
            <h2 id="secret-heading">{t('tokens.secretTitle', { name: secret.name })}</h2>
            <p>{t('tokens.secretOnce')}</p>
            <div className="secret-box">
              <code data-testid="token-secret">{secret.token}</code>
              <button type="button" className="button button-small" onClick={() => void navigator.clipboard?.writeText(secret.token)}>
                {t('tokens.copy')}
              </button>
            </div>
            <button type="button" className="button" onClick={() => setSecret(undefined)}>
              {t('tokens.secretDone')}
            </button>
          </section>
        ) : null}
      </div>
      <ErrorMessage error={error ?? tokens.error} />
      <h2 className="section-title">{t('tokens.existing')}</h2>
      <DataTable caption={t('tokens.existing')} columns={columns} rows={tokens.data} rowKey={(k) => k.id} loading={tokens.loading} empty={t('tokens.none')} />
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(created: { name: string; token: string }): void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  // A token can carry only permissions its creator holds.
  const grantable = me?.permissions ?? [];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(grantable.includes('data:read') ? ['data:read'] : []);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<{ token: string; record: Token }>('/api/tokens', {
        method: 'POST',
        body: { name, scopes, ...(expires ? { expires_at: new Date(`${expires}T23:59:59`).toISOString() } : {}) },
      });
      onCreated({ name: created.record.name, token: created.token });
      setName('');
      setExpires('');
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="token-name">{t('tokens.name')}</label>
        <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tokens.namePlaceholder')} />
      </div>
      <fieldset className="checkbox-group checkbox-columns">
        <legend>{t('tokens.scopes')}</legend>
        {grantable.map((permission) => (
          <div className="checkbox" key={permission}>
            <input
              id={`scope-${permission}`}
              type="checkbox"
              checked={scopes.includes(permission)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, permission] : scopes.filter((s) => s !== permission))}
            />
            <label htmlFor={`scope-${permission}`}>
              <code>{permission}</code>
            </label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="token-expires">{t('tokens.expiresOn')}</label>
        <input id="token-expires" type="date" value={expires} min={new Date().toISOString().slice(0, 10)} onChange={(e) => setExpires(e.target.value)} aria-describedby="token-expires-hint" />
        <span id="token-expires-hint" className="hint">
          {t('tokens.expiresHint')}
        </span>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary" disabled={busy || !name.trim() || scopes.length === 0}>
        {t('tokens.createButton')}
      </button>
    </form>
  );
}
