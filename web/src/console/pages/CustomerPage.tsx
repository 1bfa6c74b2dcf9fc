import { Link, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { Badge, type Tone } from '../components/Badge.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useI18n } from '../i18n.ts';
import { CustomerWinbackCard } from './CustomerWinbackCard.tsx';
import { CustomerPrivacyCard } from './CustomerPrivacyCard.tsx';
import { TIER_TONE, type Customer } from './CustomersPage.tsx';

interface OrderLine {
  line_no: number;
  gtin: string;
  product: string;
  lot_code: string | null;
  serial: string | null;
  quantity: number;
  unit_price_minor: number;
}
interface Order {
  id: number;
  external_id: string;
  ordered_at: string;
  channel: string;
  currency: string;
  location_name: string | null;
  chain: string | null;
  total_minor: number | string;
  lines: OrderLine[];
}
interface Consent {
  channel: string;
  granted: boolean;
  recorded_at: string;
  source: string;
}
interface Shipment {
  id: number;
  external_id: string;
  order_external_id: string;
  carrier: string;
  status: string;
  promised_on: string | null;
  estimated_delivery_on: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
}
interface Interaction {
  id: number;
  occurred_at: string;
  kind: string;
  channel: string | null;
  summary: string;
}
interface Customer360 {
  customer: Customer;
  consents: Consent[];
  orders: Order[];
  shipments: Shipment[];
  interactions: Interaction[];
}

export const SHIPMENT_TONE: Record<string, Tone> = {
  delivered: 'success',
  delayed: 'danger',
  lost: 'danger',
  returned: 'warning',
  in_transit: 'info',
  out_for_delivery: 'info',
  shipped: 'info',
  pending: 'neutral',
};

/** Everything known about one customer, in the order a support agent asks for it. */
export function CustomerPage() {
  const { id } = useParams();
  const { t, tOr, format } = useI18n();
  const { data, error } = useApi<Customer360>(`/api/customers/${encodeURIComponent(id ?? '')}`);
  if (error) {
    return (
      <>
        <PageHeader title={error instanceof ApiError && error.status === 404 ? t('customer.notFound') : t('customer.title')} />
        <ErrorMessage error={error} />
        <Link to="/customers">{t('customer.back')}</Link>
      </>
    );
  }
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const { customer, consents, orders, shipments, interactions } = data;
  const lots = new Set(orders.flatMap((o) => o.lines.map((l) => l.lot_code).filter(Boolean)));

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/customers">{t('customers.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{customer.name}</span>
      </nav>
      <PageHeader
        title={customer.name}
        subtitle={
          <>
            <Badge tone={TIER_TONE[customer.tier]}>{t(`tier.${customer.tier}` as never)}</Badge> <code>{customer.external_id}</code>
          </>
        }
      />
      <div className="card-grid">
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">{t('customer.profile')}</h2>
          <dl className="details">
            <dt>{t('customers.email')}</dt>
            <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : '—'}</dd>
            <dt>{t('customer.phone')}</dt>
            <dd>{customer.phone ?? '—'}</dd>
            <dt>{t('customers.language')}</dt>
            <dd>{t(`language.${customer.language}` as never)}</dd>
            <dt>{t('customer.timeZone')}</dt>
            <dd>{customer.time_zone}</dd>
            <dt>{t('customers.country')}</dt>
            <dd>{[customer.country, customer.region].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>{t('customers.since')}</dt>
            <dd>{format.date(customer.customer_since) || '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="consents-heading">
          <h2 id="consents-heading">{t('customer.consents')}</h2>
          {consents.length ? (
            <ul className="consent-list">
              {consents.map((consent) => (
                <li key={consent.channel}>
                  <span className="consent-channel">{t(`channel.${consent.channel}` as never)}</span>
                  <Badge tone={consent.granted ? 'success' : 'neutral'}>{consent.granted ? t('customer.granted') : t('customer.notGranted')}</Badge>
                  <span className="muted small">
                    {format.date(consent.recorded_at)} · {consent.source}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('customer.noConsents')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t('customer.summary')}</h2>
          <dl className="details">
            <dt>{t('customer.orders')}</dt>
            <dd>{format.number(orders.length)}</dd>
            <dt>{t('customer.lotsBought')}</dt>
            <dd>{format.number(lots.size)}</dd>
            <dt>{t('customer.lastOrder')}</dt>
            <dd>{orders[0] ? format.date(orders[0].ordered_at) : '—'}</dd>
            <dt>{t('customer.shipments')}</dt>
            <dd>{format.number(shipments.length)}</dd>
          </dl>
        </section>
      </div>

      <CustomerWinbackCard customerId={customer.id} />
      <CustomerPrivacyCard customerId={customer.id} />

      <section className="card section" aria-labelledby="orders-heading">
        <h2 id="orders-heading">{t('customer.ordersWithLots')}</h2>
        {orders.length ? (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t('customer.ordersWithLots')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('customer.order')}</th>
                  <th scope="col">{t('customer.date')}</th>
                  <th scope="col">{t('customer.where')}</th>
                  <th scope="col">{t('customer.product')}</th>
                  <th scope="col">{t('customer.lot')}</th>
                  <th scope="col" className="num">
                    {t('customer.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('customer.amount')}
                  </th>
                </tr>
              </thead>
              {orders.map((order) => (
                <tbody key={order.id} className="order-group">
                  {order.lines.map((line, index) => (
                    <tr key={line.line_no}>
                      {index === 0 ? (
                        <>
                          <th scope="rowgroup" rowSpan={order.lines.length} className="order-cell">
                            <code>{order.external_id}</code>
                            <span className="muted small">{format.money(order.total_minor, order.currency)}</span>
                          </th>
                          <td rowSpan={order.lines.length}>{format.dateTime(order.ordered_at)}</td>
                          <td rowSpan={order.lines.length}>
                            {order.location_name ?? t(`orderChannel.${order.channel}` as never)}
                            {order.chain ? <span className="muted small"> · {order.chain}</span> : null}
                          </td>
                        </>
                      ) : null}
                      <td>
                        {line.product}
                        <span className="muted small mono"> {line.gtin}</span>
                      </td>
                      <td>
                        {line.lot_code ? (
                          <Link to={`/lots?gtin=${line.gtin}&lot_code=${encodeURIComponent(line.lot_code)}`} aria-label={t('customer.lotLink', { lot: line.lot_code })}>
                            <code>{line.lot_code}</code>
                          </Link>
                        ) : (
                          <span className="muted">{t('customer.noLot')}</span>
                        )}
                      </td>
                      <td className="num">{format.number(line.quantity)}</td>
                      <td className="num">{format.money(line.unit_price_minor * line.quantity, order.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        ) : (
          <p className="muted">{t('customer.noOrders')}</p>
        )}
      </section>

      <div className="card-grid">
        <section className="card card-wide" aria-labelledby="shipments-heading">
          <h2 id="shipments-heading">{t('customer.shipments')}</h2>
          {shipments.length ? (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">{t('customer.shipments')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('customer.shipment')}</th>
                    <th scope="col">{t('customer.order')}</th>
                    <th scope="col">{t('customer.carrier')}</th>
                    <th scope="col">{t('customer.status')}</th>
                    <th scope="col">{t('customer.promised')}</th>
                    <th scope="col">{t('customer.estimated')}</th>
                    <th scope="col">{t('customer.delivered')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shipments.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <code>{s.external_id}</code>
                      </td>
                      <td>
                        <code>{s.order_external_id}</code>
                      </td>
                      <td>{s.carrier}</td>
                      <td>
                        <Badge tone={SHIPMENT_TONE[s.status]}>{t(`shipment.${s.status}` as never)}</Badge>
                      </td>
                      <td>{format.date(s.promised_on) || '—'}</td>
                      <td>{format.date(s.estimated_delivery_on) || '—'}</td>
                      <td>{format.dateTime(s.delivered_at) || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('customer.noShipments')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t('customer.interactions')}</h2>
          {interactions.length ? (
            <ol className="timeline">
              {interactions.map((item) => (
                <li key={item.id}>
                  <time dateTime={new Date(item.occurred_at).toISOString()}>{format.dateTime(item.occurred_at)}</time>
                  <span className="timeline-kind">
                    {tOr(`interaction.${item.kind}`, item.kind)}
                    {item.channel ? ` · ${tOr(`channel.${item.channel}`, item.channel)}` : ''}
                  </span>
                  <span>{item.summary}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('customer.noInteractions')}</p>
          )}
        </section>
      </div>
    </>
  );
}
