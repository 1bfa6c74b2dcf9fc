import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/auth.plugin.ts';
import { actorOf } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { forbidden } from '../errors/app-error.ts';

/**
 * A list leaving Rebound as a file (issue 18.6): whoever reads a report on screen may not
 * thereby take it away. A CSV export needs `exports:csv` besides the route's own permission,
 * and each one is written to the audit log with what it held (how many rows, never values).
 */
export async function authorizeCsvExport(db: Db, request: FastifyRequest, what: { entity: string; entityId?: string | number | null; rows: number; details?: Record<string, unknown> }): Promise<void> {
  const principal = principalOf(request);
  if (!principal.permissions.has('exports:csv')) throw forbidden('Exporting a list as CSV needs the exports:csv permission');
  await recordAudit(db, actorOf(principal), { action: 'export_csv', entity: what.entity, entityId: what.entityId ?? null, details: { rows: what.rows, ...what.details } });
}

/** Refuses early (before the list is computed) when the caller may not export; the audit entry follows with the count. */
export function mayExportCsv(request: FastifyRequest): void {
  if (!principalOf(request).permissions.has('exports:csv')) throw forbidden('Exporting a list as CSV needs the exports:csv permission');
}
