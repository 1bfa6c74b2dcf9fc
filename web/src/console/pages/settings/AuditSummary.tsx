import { useI18n } from '../../i18n.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

/**
 * What a deployed model is called: its name (or key) and version, as the modeler shows it —
 * "process Complaint v5", not the row id "process #5".
 */
function deployedName(entry: AuditEntry): string | null {
  const d = entry.details ?? {};
  const name = d.name ?? d.processId ?? d.decisionKey ?? d.formKey;
  if (entry.action !== 'deploy' || typeof name !== 'string' || !name) return null;
  return typeof d.version === 'number' ? `${name} v${d.version}` : name;
}

/** One audit entry in words: who did what to which thing, and when. */
export function AuditSummary({ entry }: { entry: AuditEntry }) {
  const { tOr, format } = useI18n();
  // Some events read as one phrase ("signed in"); the rest as action + record.
  const event = tOr(`audit.event.${entry.action}.${entry.entity}`, '');
  const action = event || tOr(`audit.action.${entry.action}`, entry.action);
  const entity = event ? '' : tOr(`audit.entity.${entry.entity}`, entry.entity);
  return (
    <span className="audit-summary">
      <span className="audit-actor">{entry.actor_label}</span> <span className="audit-action">{action}</span>{' '}
      {entity ? (
        <span className="audit-entity">
          {entity}
          {deployedName(entry) ? ` ${deployedName(entry)}` : entry.entity_id ? ` #${entry.entity_id}` : ''}
        </span>
      ) : null}
      <time dateTime={new Date(entry.at).toISOString()} title={format.dateTime(entry.at)} className="audit-time">
        {format.relative(entry.at)}
      </time>
    </span>
  );
}
