import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';

interface Budget {
  key: string;
  name: string;
  purpose: string;
  currency: string;
  limit_minor: number;
  spent_minor: number;
  remaining_minor: number;
  approved_by: string;
  approved_at: string;
  closed_at: string | null;
}

/** Compensation budgets (decision 027): limit, spent, remaining and who approved; setting a limit records you as the approver. */
export function BudgetsPage() {
  const { t, format } = useI18n();
  const { data, error, reload } = useApi<{ items: Budget[] }>('/api/compensation/budgets');
  const [form, setForm] = useState({ key: '', name: '', purpose: '', currency: 'EUR', limit: '' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      // The limit is typed in major units (currencies with two decimals, as every currency the shop sells in); the API keeps integer minor units.
      await api(`/api/compensation/budgets/${encodeURIComponent(form.key)}`, {
        method: 'PUT', body: { name: form.name, purpose: form.purpose, currency: form.currency, limit_minor: Math.round(Number(form.limit) * 100) },
      });
      reload();
    } catch (err) {
      setFailure(err as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <PageHeader title={t('budgets.title')} subtitle={t('budgets.subtitle')} />
      <ErrorMessage error={error} />
      {data ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('budgets.name')}</th>
                <th scope="col" className="num">{t('budgets.limit')}</th>
                <th scope="col" className="num">{t('budgets.spent')}</th>
                <th scope="col" className="num">{t('budgets.remaining')}</th>
                <th scope="col">{t('budgets.approvedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.length === 0 ? <tr><td colSpan={5} className="muted">{t('table.empty')}</td></tr> : null}
              {data.items.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.name} <code className="block small">{b.key}</code>{b.purpose ? <span className="block muted small">{b.purpose}</span> : null}</th>
                  <td className="num">{format.money(b.limit_minor, b.currency)}</td>
                  <td className="num">{format.money(b.spent_minor, b.currency)}</td>
                  <td className="num"><strong>{format.money(b.remaining_minor, b.currency)}</strong></td>
                  <td>{b.approved_by}<span className="block muted small">{format.dateTime(b.approved_at)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <section className="card" aria-labelledby="budget-form-heading">
        <h2 id="budget-form-heading">{t('budgets.set')}</h2>
        <form className="form" onSubmit={(e) => void save(e)}>
          <div className="field"><label htmlFor="budget-key">{t('budgets.key')}</label><input id="budget-key" required pattern="[a-z0-9][a-z0-9-]{0,62}" value={form.key} onChange={(e) => setForm({ ...form, key: e.target.value })} /></div>
          <div className="field"><label htmlFor="budget-name">{t('budgets.name')}</label><input id="budget-name" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></div>
          <div className="field"><label htmlFor="budget-purpose">{t('budgets.purpose')}</label><input id="budget-purpose" maxLength={2000} value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value })} /></div>
          <div className="field"><label htmlFor="budget-currency">{t('budgets.currency')}</label><input id="budget-currency" required pattern="[A-Z]{3}" value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase() })} /></div>
          <div className="field"><label htmlFor="budget-limit">{t('budgets.limit')}</label><input id="budget-limit" required type="number" min="0" step="0.01" value={form.limit} onChange={(e) => setForm({ ...form, limit: e.target.value })} /></div>
          <div className="form-actions"><button type="submit" className="button button-primary" disabled={busy}>{t('common.save')}</button></div>
        </form>
        <ErrorMessage error={failure} />
      </section>
    </>
  );
}
