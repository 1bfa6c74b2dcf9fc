import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from '../case-model.ts';
import { caseEventEntries, commentEntries } from './case-sources.ts';

/** One line of a case's timeline, from whichever module knows about it. */
export interface TimelineEntry {
  /** Unique within its source, so a console can key rows ("event:17", "instance:3:task:9"). */
  id: string;
  at: Date;
  /** What happened, namespaced by the source for outside sources: 'status_changed', 'task_completed', 'message_delivered'. */
  kind: string;
  /** One English line, for API clients and as the console's fallback for a kind it cannot name. */
  summary: string;
  /**
   * What a console needs to say it in its own language: it looks up `timeline.<source>.<kind>`
   * (then `timeline.<source>`) in its catalogue and fills these in. A source adding a kind
   * adds the catalogue keys; until then the console shows `summary`.
   */
  params?: Record<string, TimelineParam>;
  actor?: string | null;
  data?: Record<string, unknown>;
}

/**
 * A value in a timeline sentence: text (a name, a file name) and numbers as they are; a code
 * the console names from its vocabulary (`{ of: 'caseStatus', code: 'open' }` → the key
 * `caseStatus.open`); a moment the console formats (`{ at: ISO timestamp }`).
 */
export type TimelineParam = string | number | { of: string; code: string } | { at: string };

/** A merged entry carries the name of the source it came from. */
export type SourcedTimelineEntry = TimelineEntry & { source: string };

/**
 * A module that has its own history of a case — the process engine (activities, tasks,
 * timers of the case's instance), communications (messages sent and delivered) — plugs it
 * in here. Called with the case row (id, type, business key) on every timeline read.
 */
export type TimelineSource = (db: Db, caseRow: CaseRow) => Promise<TimelineEntry[]>;

const sources = new Map<string, TimelineSource>();

/**
 * Registers a timeline source under a name ('process', 'messages'); the name is stamped on
 * its entries. Returns a function that removes it again. A second source with the same name
 * is a programming error and throws.
 */
export function registerTimelineSource(name: string, source: TimelineSource): () => void {
  if (name === 'case' || name === 'comment') throw new Error(`timeline source name "${name}" is reserved for the case module`);
  if (sources.has(name)) throw new Error(`a timeline source named "${name}" is already registered`);
  sources.set(name, source);
  return () => {
    if (sources.get(name) === source) sources.delete(name);
  };
}

export interface Timeline {
  entries: SourcedTimelineEntry[];
  /** Sources that failed this time: the rest of the timeline is still shown, with a note. */
  unavailable: { source: string; reason: string }[];
}

/**
 * The case's whole story in time order (oldest first): its own events, its comments and
 * whatever the registered sources know. A failing source costs its entries, not the page.
 */
export async function caseTimeline(db: Db, caseRow: CaseRow, log: (message: string, error: unknown) => void = () => {}): Promise<Timeline> {
  const builtIn: [string, TimelineSource][] = [['case', caseEventEntries], ['comment', commentEntries]];
  const all = [...builtIn, ...sources];
  const results = await Promise.allSettled(all.map(async ([, source]) => source(db, caseRow)));
  const entries: SourcedTimelineEntry[] = [];
  const unavailable: Timeline['unavailable'] = [];
  results.forEach((result, index) => {
    const name = all[index]![0];
    if (result.status === 'fulfilled') {
      for (const entry of result.value) entries.push({ ...entry, at: new Date(entry.at), source: name });
    } else {
      log(`timeline source ${name} failed for case ${caseRow.id}`, result.reason);
      unavailable.push({ source: name, reason: result.reason instanceof Error ? result.reason.message : String(result.reason) });
    }
  });
  // Stable on ties: source order, then the order each source gave.
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { entries, unavailable };
}
