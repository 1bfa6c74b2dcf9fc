import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api.ts';
import { useAuth } from '../auth.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useI18n } from '../i18n.ts';

export function LoginPage() {
  const { signIn } = useAuth();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('auth.badCredentials')
          : failure instanceof ApiError && failure.status === 429
            ? t('auth.tooMany')
            : t('error.server'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page" id="main">
      <div className="login-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Rebound</span>
        </div>
        <PageHeader title={t('auth.title')} subtitle={t('auth.subtitle')} />
        <form onSubmit={submit} className="form" noValidate>
          <div className="field">
            <label htmlFor="login-email">{t('auth.email')}</label>
            <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('auth.password')}</label>
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {error ? (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          ) : null}
          <button type="submit" className="button button-primary button-block" disabled={busy || !email || !password}>
            {busy ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </form>
        <div className="login-footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
