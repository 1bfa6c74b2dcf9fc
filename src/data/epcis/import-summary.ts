import type { EpcisImportResult } from './import-epcis.ts';

/** One line for a person: what was imported, or the first reason it was not (for the CLI and reports). */
export function summariseImport(result: EpcisImportResult): string {
  if (result.documentError) return `rejected: ${result.documentError}`;
  const firstRejected = result.rejected[0];
  if (!result.ok && firstRejected) {
    const more = result.rejected.length > 1 ? ` (and ${result.rejected.length - 1} more)` : '';
    return `rejected: event ${firstRejected.eventIndex}${firstRejected.eventId ? ` ${firstRejected.eventId}` : ''}: ${firstRejected.reason}${more}`;
  }
  const parts = [
    `imported ${result.eventsImported} of ${result.eventsRead} events`,
    `${result.movements} movements`,
    result.duplicatesSkipped > 0 && `${result.duplicatesSkipped} duplicates skipped`,
    result.errorDeclarationsApplied > 0 && `${result.errorDeclarationsApplied} error declarations applied`,
    result.rejected.length > 0 && `${result.rejected.length} invalid skipped`,
    result.productsCreated > 0 && `${result.productsCreated} new products`,
    result.lotsCreated > 0 && `${result.lotsCreated} new lots`,
    result.locationsCreated > 0 && `${result.locationsCreated} new locations`,
    result.warnings.length > 0 && `${result.warnings.length} warnings`,
  ];
  return parts.filter(Boolean).join(', ');
}
