/**
 * The cases module's public API for other modules (engine, comms, domain modules).
 * Other modules call these functions; they never write the case tables themselves.
 */
export { casesModule } from './cases.module.ts';
export { createCase, type NewCase } from './create-case.ts';
export { updateCase, recordFirstResponse, type CaseChanges } from './update-case.ts';
export { getCase, getCaseDetail, type CaseDetail } from './case-detail.ts';
export { listCases, type CaseListFilter, type CaseListItem } from './case-list.sql.ts';
export { addLinks, listLinks, removeLink, type CaseLink, type LinkInput } from './case-links.ts';
export { addComment, listComments, type CaseComment } from './case-comments.ts';
export { addAttachment, addAttachmentWithin, listAttachments, readAttachment, type CaseAttachment, type UploaderLimit } from './case-attachments.ts';
export { readUpTo, attachmentTooLarge } from './attachment-upload.ts';
export { onCaseResolved, type CaseResolvedHandler, type ResolvedCase } from './case-resolved-hooks.ts';
export { registerTimelineSource, caseTimeline, type TimelineEntry, type TimelineParam, type TimelineSource } from './timeline/timeline.ts';
export { sweepSlaBreaches, type SweepResult } from './sla/breach-sweep.ts';
export type { CaseRow, CaseStatus, CasePriority, LinkKind, Change } from './case-model.ts';
export * from './calendar/index.ts';
export { findSlaPolicy, type SlaPolicy } from './sla/policies.sql.ts';
