import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';

export const ROLES = ['admin', 'manager', 'agent', 'designer', 'viewer'] as const;

interface User {
  id: number;
  email: string;
  name: string;
  roles: string[];
  department: string | null;
  language: string;
  created_at: string;
  disabled_at: string | null;
}

function RoleCheckboxes({ idPrefix, value, onChange }: { idPrefix: string; value: string[]; onChange(roles: string[]): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="checkbox-group">
      <legend>{t('users.roles')}</legend>
      {ROLES.map((role) => (
        <div className="checkbox" key={role}>
          <input
            id={`${idPrefix}-${role}`}
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          <label htmlFor={`${idPrefix}-${role}`}>
            {t(`role.${role}`)} <span className="muted small">— {t(`roleHint.${role}`)}</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function UsersPage() {
  const { t, format } = useI18n();
  const { me } = useAuth();
  const users = useApi<User[]>('/api/users');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User>();
  const [error, setError] = useState<Error>();
  const [notice, setNotice] = useState<string>();

  async function setDisabled(user: User, disabled: boolean) {
    setError(undefined);
    try {
      await api(`/api/users/${user.id}`, { method: 'PATCH', body: { disabled } });
      setNotice(t(disabled ? 'users.disabledNotice' : 'users.enabledNotice', { name: user.name }));
      users.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  }

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: t('users.name'),
      render: (u) => (
        <>
          <strong>{u.name}</strong>
          <span className="muted small block">{u.email}</span>
        </>
      ),
    },
    { key: 'roles', header: t('users.roles'), render: (u) => u.roles.map((r) => <Badge key={r} tone="info">{t(`role.${r}` as never)}</Badge>) },
    { key: 'department', header: t('users.department'), render: (u) => u.department || '—' },
    { key: 'created', header: t('users.created'), render: (u) => format.date(u.created_at) },
    {
      key: 'status',
      header: t('users.status'),
      render: (u) => (u.disabled_at ? <Badge tone="danger">{t('users.disabled')}</Badge> : <Badge tone="success">{t('users.active')}</Badge>),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (u) => (
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={() => setEditing(u)} aria-label={t('users.editRolesFor', { name: u.name })}>
            {t('users.editRoles')}
          </button>
          {u.id === me?.id ? null : u.disabled_at ? (
            <button type="button" className="button button-small" onClick={() => void setDisabled(u, false)} aria-label={t('users.enableUser', { name: u.name })}>
              {t('users.enable')}
            </button>
          ) : (
            <button
              type="button"
              className="button button-small button-danger"
              onClick={() => void setDisabled(u, true)}
              aria-label={t('users.disableUser', { name: u.name })}
            >
              {t('users.disable')}
            </button>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('users.create')}
          </button>
        }
      />
      {notice ? (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      ) : null}
      <ErrorMessage error={error ?? users.error} />
      <DataTable caption={t('users.title')} columns={columns} rows={users.data} rowKey={(u) => u.id} loading={users.loading} />
      <Dialog open={creating} title={t('users.create')} onClose={() => setCreating(false)}>
        <CreateUserForm
          onDone={(user) => {
            setCreating(false);
            if (user) {
              setNotice(t('users.createdNotice', { name: user.name }));
              users.reload();
            }
          }}
        />
      </Dialog>
      <Dialog open={editing !== undefined} title={editing ? t('users.editRolesOf', { name: editing.name }) : ''} onClose={() => setEditing(undefined)}>
        {editing ? (
          <EditRolesForm
            user={editing}
            onDone={(user) => {
              setEditing(undefined);
              if (user) {
                setNotice(t('users.rolesChangedNotice', { name: user.name }));
                users.reload();
              }
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CreateUserForm({ onDone }: { onDone(user?: User): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [department, setDepartment] = useState('');
  const [language, setLanguage] = useState('en');
  const [roles, setRoles] = useState<string[]>(['agent']);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api<User>('/api/users', { method: 'POST', body: { name, email, password, roles, language, department: department || null } }));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="new-user-name">{t('users.name')}</label>
        <input id="new-user-name" required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="new-user-email">{t('auth.email')}</label>
        <input id="new-user-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="new-user-password">{t('users.initialPassword')}</label>
        <input
          id="new-user-password"
          type="password"
          required
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          aria-describedby="new-user-password-hint"
        />
        <span id="new-user-password-hint" className="hint">
          {t('users.passwordHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="new-user-department">{t('users.department')}</label>
        <input id="new-user-department" value={department} onChange={(e) => setDepartment(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-user-language">{t('common.language')}</label>
        <select id="new-user-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
          {['en', 'ru', 'uk', 'sv'].map((code) => (
            <option key={code} value={code}>
              {t(`language.${code}` as never)}
            </option>
          ))}
        </select>
      </div>
      <RoleCheckboxes idPrefix="new-user-role" value={roles} onChange={setRoles} />
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy || roles.length === 0 || password.length < 12}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}

function EditRolesForm({ user, onDone }: { user: User; onDone(user?: User): void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState(user.roles);
  const [error, setError] = useState<Error>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      onDone(await api<User>(`/api/users/${user.id}`, { method: 'PATCH', body: { roles } }));
    } catch (failure) {
      setError(failure as Error);
    }
  }
  return (
    <form className="form" onSubmit={submit}>
      <RoleCheckboxes idPrefix={`user-${user.id}-role`} value={roles} onChange={setRoles} />
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={roles.length === 0}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
