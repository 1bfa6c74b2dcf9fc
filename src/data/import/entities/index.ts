import type { EntityImporter } from '../entity.ts';
import { customersImporter } from './customers.ts';
import { locationsImporter } from './locations.ts';
import { lotsImporter } from './lots.ts';
import { orderLinesImporter } from './order-lines.ts';
import { productsImporter } from './products.ts';
import { shipmentEventsImporter, shipmentsImporter } from './shipments.ts';

/** Importable entities by name, in the order a full load should go (references first). */
export const IMPORTERS = {
  customers: customersImporter,
  products: productsImporter,
  lots: lotsImporter,
  locations: locationsImporter,
  'order-lines': orderLinesImporter,
  shipments: shipmentsImporter,
  'shipment-events': shipmentEventsImporter,
} as const satisfies Record<string, EntityImporter<never>>;

export type EntityName = keyof typeof IMPORTERS;
export const ENTITY_NAMES = Object.keys(IMPORTERS) as EntityName[];

export function importerFor(name: string): EntityImporter | undefined {
  return (IMPORTERS as Record<string, EntityImporter<never>>)[name] as EntityImporter | undefined;
}
