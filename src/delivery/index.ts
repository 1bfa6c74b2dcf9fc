/** Delivery delays: what other modules may call. */
export { deliveryModule } from './delivery.module.ts';
export { receiveCarrierUpdates } from './events/receive-updates.ts';
export { carrierCodeOf } from './events/carrier-update.ts';
export { sweepDelays } from './detection/sweep.job.ts';
export { openIncident, listIncidents, getIncident } from './incidents/incidents.ts';
