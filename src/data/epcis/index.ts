/** GS1 EPCIS 2.0 import: JSON-LD and XML documents → supply_events, lot_movements, lots, locations. */
export { importEpcisDocument, importEpcisFile, importEpcisText } from './import-epcis.ts';
export type { EpcisImportOptions, EpcisImportResult, EventWarning, RejectedEvent } from './import-epcis.ts';
export { summariseImport } from './import-summary.ts';
export { normaliseEvent } from './normalise-event.ts';
export type { EpcisEventType, EventItem, MovementRole, NormalisedEvent } from './epcis-event.ts';
