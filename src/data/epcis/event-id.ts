import { createHash } from 'node:crypto';

/**
 * The id an event is stored under. EPCIS 2.0 makes eventID optional; without one, the same
 * document imported twice must still write each event once, so Rebound hashes the event.
 *
 * The hash is Rebound's own (SHA-256 over the event's JSON with keys sorted, recordTime left
 * out because a repository sets it when it stores the event), not the CBV 2.0 canonical
 * event hash: that algorithm needs the full JSON-LD expansion. The "rebound:" prefix keeps it
 * from ever being mistaken for, or colliding with, a sender's "ni:///sha-256;…" eventID.
 */
export function givenEventId(raw: Record<string, unknown>): string | undefined {
  // In the EPCIS 2.0 JSON-LD context both "eventID" and "id" are aliases of "@id".
  const id = raw.eventID ?? raw.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

export function hashEventId(raw: Record<string, unknown>): string {
  const { recordTime: _recordTime, ...rest } = raw;
  return `rebound:sha-256:${createHash('sha256').update(canonicalJson(rest)).digest('hex')}`;
}

/** JSON with object keys sorted at every depth, so key order in the file does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
