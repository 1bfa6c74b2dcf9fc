import type { Formatters, Params } from '../../../i18n/i18n.ts';

/** A value in a timeline sentence, as the API sends it (src/cases/timeline/timeline.ts). */
export type TimelineParam = string | number | { of: string; code: string } | { at: string };

export interface TimelineEntryText {
  source: string;
  kind: string;
  /** The server's English line: shown when the catalogue has no sentence for this kind yet. */
  summary: string;
  params?: Record<string, TimelineParam>;
}

/** "waiting_customer" → "Waiting customer": a code the catalogue does not name yet, still readable. */
const humanize = (code: string) => {
  const words = code.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A timeline entry in the console's language: the sentence `timeline.<source>.<kind>` (or
 * one for the whole source, `timeline.<source>`) filled with the entry's params — codes
 * named from their vocabulary (`caseStatus.open`), moments formatted — and the server's
 * English summary only when the catalogue knows neither.
 */
export function timelineText(entry: TimelineEntryText, i18n: { tOr(key: string, fallback: string, params?: Params): string; format: Formatters }): string {
  const params: Params = {};
  for (const [name, value] of Object.entries(entry.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if ('of' in value) params[name] = i18n.tOr(`${value.of}.${value.code}`, humanize(value.code));
    else params[name] = i18n.format.dateTime(value.at);
  }
  return i18n.tOr(`timeline.${entry.source}.${entry.kind}`, i18n.tOr(`timeline.${entry.source}`, entry.summary, params), params);
}
