/**
 * Parcels for online orders and the carriers' tracking events, as seen at `now`: most arrive
 * on time, a few are late, lost or returned — and one carrier had a bad week recently
 * (the incident the delivery-delay process is demonstrated on).
 */
import { DAY_MS, HOUR_MS, isoDate, isoTimestamp, startOfUtcDay } from './dates.ts';
import { countryOf, type CountryCode } from './geography.ts';
import type { DemoOrder } from './orders.ts';
import { Rng, deriveSeed } from './prng.ts';

export type ShipmentStatus = 'pending' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'delayed' | 'lost' | 'returned';

export type ShipmentRow = {
  external_id: string;
  order_external_id: string;
  carrier: string;
  tracking_number: string;
  status: ShipmentStatus;
  promised_on: string;
  estimated_delivery_on: string;
  shipped_at: string;
  delivered_at: string;
};

export type ShipmentEventRow = {
  shipment_external_id: string;
  occurred_at: string;
  status: ShipmentStatus;
  location: string;
  description: string;
};

interface Carrier {
  name: string;
  trackingPrefix: string;
  /** Share of the online orders of each country it serves. */
  serves: Partial<Record<CountryCode, number>>;
  /** Share of its parcels that arrive after the promised day in an ordinary week. */
  lateRate: number;
}

export const CARRIERS: readonly Carrier[] = [
  { name: 'Strela Express', trackingPrefix: 'STX', serves: { RU: 0.75 }, lateRate: 0.07 },
  { name: 'Vektor Post', trackingPrefix: 'VKP', serves: { RU: 0.25 }, lateRate: 0.06 },
  { name: 'Shvydko Express', trackingPrefix: 'SHV', serves: { UA: 0.7 }, lateRate: 0.07 },
  { name: 'Doroga Parcel', trackingPrefix: 'DRG', serves: { UA: 0.3 }, lateRate: 0.09 },
  { name: 'Nordpaket', trackingPrefix: 'NPK', serves: { SE: 0.6 }, lateRate: 0.05 },
  { name: 'Budbilen Express', trackingPrefix: 'BBX', serves: { SE: 0.4 }, lateRate: 0.07 },
  { name: 'Parcelwing', trackingPrefix: 'PWG', serves: { GB: 0.6, IE: 0.5 }, lateRate: 0.06 },
  { name: 'Kingsway Couriers', trackingPrefix: 'KWC', serves: { GB: 0.4, IE: 0.5 }, lateRate: 0.09 },
  { name: 'Lakeline Parcel', trackingPrefix: 'LKL', serves: { US: 1 }, lateRate: 0.08 },
];

/**
 * The incident: in the week of the web shop's sale (ONLINE_SALE in orders.ts), Strela
 * Express's Moscow sorting centre jams; most parcels arriving there 17 to 10 days before
 * `now` are 3–12 days late, and the latest of them are still on their way at `now`.
 */
export const INCIDENT = { carrier: 'Strela Express', startsDaysBeforeNow: 17, endsDaysBeforeNow: 10, hub: 'Москва', affectedShare: 0.85 };

/** Where online orders are packed, per delivery country, and days in transit from there. */
const FULFILMENT: Record<CountryCode, { origin: string; transitDays: [number, number] }> = {
  RU: { origin: 'Подольск', transitDays: [1, 4] },
  UA: { origin: 'Бровари', transitDays: [1, 3] },
  SE: { origin: 'Jönköping', transitDays: [1, 3] },
  GB: { origin: 'Northampton', transitDays: [1, 2] },
  IE: { origin: 'Northampton', transitDays: [2, 4] },
  US: { origin: 'Northampton', transitDays: [5, 8] },
};

export interface ShipmentWithEvents {
  row: ShipmentRow;
  events: ShipmentEventRow[];
}

/**
 * Shipments of the online orders, in order. An order with electronics and groceries ships
 * as two parcels. Each order has its own random stream, so shipping never shifts the orders.
 */
export function* generateShipments(seed: number, nowMs: number, orders: Iterable<DemoOrder>): Generator<ShipmentWithEvents> {
  let count = 0;
  for (const order of orders) {
    if (order.channel !== 'online') continue;
    const rng = new Rng(deriveSeed(seed, 'shipments', order.index));
    const carrier = chooseCarrier(order.country, rng);
    const hasElectronics = order.lines.some((l) => l.serial !== '');
    const parcels = hasElectronics && order.lines.some((l) => l.serial === '') ? 2 : 1;
    for (let p = 0; p < parcels; p++) {
      count++;
      yield shipment(order, carrier, count, p * rng.between(2, 20) * HOUR_MS, nowMs, rng);
    }
  }
}

const CARRIERS_BY_COUNTRY = new Map<CountryCode, { carriers: Carrier[]; shares: number[] }>();

function chooseCarrier(country: CountryCode, rng: Rng): Carrier {
  let choice = CARRIERS_BY_COUNTRY.get(country);
  if (!choice) {
    const carriers = CARRIERS.filter((c) => c.serves[country]);
    choice = { carriers, shares: carriers.map((c) => c.serves[country]!) };
    CARRIERS_BY_COUNTRY.set(country, choice);
  }
  return choice.carriers[rng.weighted(choice.shares)]!;
}

/** Russian parcels all pass the central sorting centre in Moscow; elsewhere the region's main city sorts. */
function sortingCentre(country: CountryCode, region: string): string {
  if (country === 'RU') return INCIDENT.hub;
  return countryOf(country).regions.find((r) => r.name === region)?.cities[0]?.name ?? region;
}

type Outcome = 'delivered' | 'returned' | 'lost';

function shipment(order: DemoOrder, carrier: Carrier, number: number, extraHandlingMs: number, nowMs: number, rng: Rng): ShipmentWithEvents {
  const externalId = `SH${String(number).padStart(7, '0')}`;
  const { origin, transitDays } = FULFILMENT[order.country];
  const hub = sortingCentre(order.country, order.region);
  const orderDayMs = startOfUtcDay(order.orderedMs);
  const promisedDayMs = orderDayMs + (1 + transitDays[1]) * DAY_MS;
  const createdMs = Math.min(order.orderedMs + rng.int(1, 20) * 60_000, nowMs - 1000);
  const shippedMs = order.orderedMs + extraHandlingMs + rng.between(4, 30) * HOUR_MS;
  const hubMs = shippedMs + rng.between(3, 10) * HOUR_MS;
  const incidentStartMs = startOfUtcDay(nowMs) - INCIDENT.startsDaysBeforeNow * DAY_MS;
  const incidentEndMs = startOfUtcDay(nowMs) - INCIDENT.endsDaysBeforeNow * DAY_MS;
  const inIncident = carrier.name === INCIDENT.carrier && hubMs >= incidentStartMs && hubMs < incidentEndMs && rng.chance(INCIDENT.affectedShare);
  const late = inIncident || rng.chance(carrier.lateRate);
  const outcome: Outcome = rng.chance(0.003) ? 'lost' : rng.chance(0.012) ? 'returned' : 'delivered';
  const onTimeDayMs = Math.min(promisedDayMs, startOfUtcDay(shippedMs) + rng.int(transitDays[0], transitDays[1]) * DAY_MS);
  const deliveryDayMs = late ? promisedDayMs + (inIncident ? rng.int(3, 12) : rng.int(1, 4)) * DAY_MS : Math.max(onTimeDayMs, startOfUtcDay(hubMs) + DAY_MS);

  const events: ShipmentEventRow[] = [];
  let lastMs = 0;
  const add = (atMs: number, status: ShipmentStatus, location: string, description: string) => {
    // Tracking events of one parcel are strictly ordered (and unique per time and status).
    lastMs = Math.max(Math.floor(atMs / 1000) * 1000, lastMs + 5 * 60_000);
    if (lastMs <= nowMs) {
      events.push({ shipment_external_id: externalId, occurred_at: isoTimestamp(lastMs), status, location, description });
    }
    return lastMs;
  };
  add(createdMs, 'pending', origin, 'Order received; parcel being packed');
  const shippedAtMs = add(shippedMs, 'shipped', origin, `Handed over to ${carrier.name}`);
  add(hubMs, 'in_transit', hub, 'Arrived at sorting centre');
  let delayNoticedMs = Infinity;
  let deliveredAtMs = Infinity;
  if (outcome === 'lost') {
    delayNoticedMs = add(promisedDayMs + DAY_MS + 9 * HOUR_MS, 'delayed', hub, 'Delayed: parcel not scanned since arrival at the sorting centre');
    add(promisedDayMs + 12 * DAY_MS, 'lost', hub, 'Declared lost after a search');
  } else {
    if (late) {
      const reason = inIncident
        ? `Delayed: backlog at the ${INCIDENT.hub} sorting centre`
        : rng.pick(['Delayed: missed linehaul connection', 'Delayed: weather conditions', 'Delayed: address needs checking', 'Delayed: high parcel volumes']);
      delayNoticedMs = add(inIncident ? hubMs + rng.between(2, 8) * HOUR_MS : promisedDayMs + rng.between(6, 9) * HOUR_MS, 'delayed', hub, reason);
    }
    add(deliveryDayMs - rng.between(8, 14) * HOUR_MS, 'in_transit', hub, 'Departed sorting centre');
    const outForDeliveryMs = add(deliveryDayMs + rng.between(6, 8.5) * HOUR_MS, 'out_for_delivery', order.city, 'Out for delivery');
    if (outcome === 'returned') {
      add(outForDeliveryMs + rng.between(2, 8) * HOUR_MS, 'in_transit', order.city, 'Delivery attempt failed: recipient not available; held at pick-up point');
      add(outForDeliveryMs + 8 * DAY_MS, 'returned', origin, 'Not collected; returned to sender');
    } else {
      deliveredAtMs = add(outForDeliveryMs + rng.between(1, 9) * HOUR_MS, 'delivered', order.city,
        rng.pick(['Delivered to recipient', 'Delivered to recipient', 'Delivered to parcel locker', 'Left with neighbour', 'Collected at pick-up point']));
    }
  }
  return {
    row: {
      external_id: externalId,
      order_external_id: order.externalId,
      carrier: carrier.name,
      tracking_number: `${carrier.trackingPrefix}${String((number * 104_729 + 3_000_017) % 10_000_000_000).padStart(10, '0')}`,
      status: events[events.length - 1]!.status,
      promised_on: isoDate(promisedDayMs),
      estimated_delivery_on: isoDate(delayNoticedMs <= nowMs && outcome !== 'lost' ? deliveryDayMs : promisedDayMs),
      shipped_at: shippedAtMs <= nowMs ? isoTimestamp(shippedAtMs) : '',
      delivered_at: deliveredAtMs <= nowMs ? isoTimestamp(deliveredAtMs) : '',
    },
    events,
  };
}
