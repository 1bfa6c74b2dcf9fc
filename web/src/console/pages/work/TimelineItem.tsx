import { Badge } from '../../components/Badge.tsx';
import { useI18n } from '../../i18n.ts';
import { timelineText, type TimelineEntryText } from './timeline-text.ts';

export interface TimelineItemEntry extends TimelineEntryText {
  id: string;
  at: string;
  actor?: string | null;
}

/** One line of a case's timeline, in the console's language: the case page and a task's short history. */
export function TimelineItem({ entry }: { entry: TimelineItemEntry }) {
  const { tOr, format } = useI18n();
  return (
    <li>
      <time dateTime={new Date(entry.at).toISOString()}>
        {format.dateTime(entry.at)}
        {entry.actor ? ` · ${entry.actor}` : ''}
      </time>
      <span className="timeline-kind">
        <Badge tone={entry.source === 'comment' ? 'accent' : entry.source === 'case' ? 'info' : 'neutral'}>{tOr(`timelineSource.${entry.source}`, entry.source)}</Badge>{' '}
        <span className="timeline-summary">{timelineText(entry, { tOr, format })}</span>
      </span>
    </li>
  );
}
