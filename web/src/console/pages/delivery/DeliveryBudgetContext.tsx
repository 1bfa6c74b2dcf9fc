import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';

/** The form of management's task on processes/delivery-incident.bpmn that approves the compensation budget. */
export const BUDGET_APPROVAL_FORM = 'delivery-compensation-budget';

interface Option { count: number; total_minor: number; points: number }
interface Preview {
  incident: string;
  decision: string;
  currencies: { currency: string; to_issue: { orders: number; total_minor: number; options: Record<string, Option> }; issued: { orders: number; total_minor: number } }[];
  undecided: { order: string; reason: string }[];
}
interface Budget { key: string; name: string; currency: string; limit_minor: number; remaining_minor: number; closed_at: string | null }

/**
 * Beside the budget approval: what the compensation rules would give the incident's delayed
 * orders, per currency and option (the preview issuing issues), and the open budgets of each
 * currency with what remains — the form asks for a budget key per currency, and a manager
 * should not approve one without seeing the cost it has to carry.
 */
export function DeliveryBudgetContext({ incidentId }: { incidentId: number }) {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const preview = useApi<Preview>(can('delivery:incidents') ? `/api/delivery/incidents/${incidentId}/compensation-preview` : null);
  const budgets = useApi<{ items: Budget[] }>(can('compensation:budgets') ? '/api/compensation/budgets' : null);
  const p = preview.data;
  return (
    <section className="card" aria-labelledby="delivery-budget-heading" data-testid="compensation-preview">
      <h2 id="delivery-budget-heading">{t('deliveryBudget.title')}</h2>
      <ErrorMessage error={preview.error ?? budgets.error} />
      {!p ? (
        preview.error ? null : <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <p className="muted small">{t('deliveryBudget.lead', { incident: p.incident, decision: p.decision })}</p>
          {p.currencies.length ? (
            <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t('deliveryBudget.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deliveryBudget.currency')}</th>
                  <th scope="col">{t('deliveryBudget.options')}</th>
                  <th scope="col" className="num">{t('deliveryBudget.toIssue')}</th>
                  <th scope="col">{t('deliveryBudget.budgets')}</th>
                </tr>
              </thead>
              <tbody>
                {p.currencies.map((c) => {
                  const open = (budgets.data?.items ?? []).filter((b) => b.currency === c.currency && !b.closed_at);
                  return (
                    <tr key={c.currency}>
                      <th scope="row">{c.currency}</th>
                      <td>
                        {Object.entries(c.to_issue.options).filter(([, o]) => o.count > 0).map(([option, o]) => (
                          <span key={option} className="block">
                            {tOr(`deliveryBudget.option.${option}`, option)}: {format.number(o.count)}
                            {o.total_minor ? ` · ${format.money(o.total_minor, c.currency)}` : ''}
                            {o.points ? ` · ${t('deliveryBudget.points', { points: format.number(o.points) })}` : ''}
                          </span>
                        ))}
                        {c.issued.orders ? <span className="block muted">{t('deliveryBudget.issued', { orders: format.number(c.issued.orders), amount: format.money(c.issued.total_minor, c.currency) })}</span> : null}
                      </td>
                      <td className="num">
                        <strong>{format.money(c.to_issue.total_minor, c.currency)}</strong>
                        <span className="block muted">{t('deliveryBudget.orders', { count: format.number(c.to_issue.orders) })}</span>
                      </td>
                      <td>
                        {open.length ? open.map((b) => (
                          <span key={b.key} className={`block${b.remaining_minor < c.to_issue.total_minor ? ' field-error' : ''}`}>
                            <code>{b.key}</code> · {t('deliveryBudget.remaining', { amount: format.money(b.remaining_minor, c.currency) })}
                          </span>
                        )) : <span className="field-error">{t('deliveryBudget.noBudget', { currency: c.currency })}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            </div>
          ) : (
            <p>{t('deliveryBudget.nothing')}</p>
          )}
          {p.undecided.length ? <p className="muted small">{t('deliveryBudget.undecided', { count: format.number(p.undecided.length) })}</p> : null}
        </>
      )}
    </section>
  );
}
