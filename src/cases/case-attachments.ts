import { createHash } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { cleanContentType, cleanFileName, refusalReason } from './attachment-safety.ts';
import { invalidField } from './case-errors.ts';
import { recordCaseEvent } from './case-events.ts';
import { lockCase } from './case-lock.ts';
import type { Change } from './case-model.ts';

export interface CaseAttachment {
  id: number;
  case_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  created_at: Date;
}

const ATTACHMENT_COLUMNS = 'id, case_id, file_name, content_type, size_bytes, sha256, uploaded_by, created_at';

export interface NewAttachment {
  fileName: string;
  contentType?: string;
  content: Buffer;
}

/**
 * How many files one uploader may put on a case (the public complaint page's customer).
 * Counted under the case's row lock in the transaction that inserts, so uploads racing
 * on one node or several cannot pass it together (issue 12: 16 at once across two nodes stored 8).
 */
export interface UploaderLimit {
  files: number;
  /** The 409 an upload past the limit answers. */
  refusal: { message: string; code: string };
}

/** Stores a file on a case after the safety checks; the size limit is enforced while it streams in (routes). */
export async function addAttachment(db: Db, caseId: number, file: NewAttachment, change: Change): Promise<CaseAttachment> {
  return (await storeAttachment(db, caseId, file, change)).attachment;
}

/** addAttachment within an uploader's limit; answers the file and how many that uploader has on the case now. */
export async function addAttachmentWithin(db: Db, caseId: number, file: NewAttachment, change: Change, limit: UploaderLimit): Promise<{ attachment: CaseAttachment; files: number }> {
  return storeAttachment(db, caseId, file, change, limit);
}

async function storeAttachment(db: Db, caseId: number, file: NewAttachment, change: Change, limit?: UploaderLimit): Promise<{ attachment: CaseAttachment; files: number }> {
  const fileName = cleanFileName(file.fileName);
  if (!fileName) throw invalidField('querystring.file_name', 'must name the file');
  if (file.content.length === 0) throw invalidField('body', 'is empty: there is no file to attach', 'cases.attachment_empty');
  const contentType = cleanContentType(file.contentType);
  const refusal = refusalReason(fileName, contentType, file.content.subarray(0, 8));
  if (refusal) throw new AppError('unprocessable', `${fileName}: ${refusal}`, 'cases.attachment_refused', { errors: [{ field: 'body', message: refusal }] });
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  return db.transaction(async (tx) => {
    // The row lock serialises every change to this case, so the count below is the truth until we commit.
    await lockCase(tx, caseId);
    const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM case_attachments WHERE case_id = $1 AND uploaded_by = $2', [caseId, change.actor.label]);
    const before = Number(count!.n);
    if (limit && before >= limit.files) throw new AppError('conflict', limit.refusal.message, limit.refusal.code);
    const [row] = await tx.query<CaseAttachment>(
      `INSERT INTO case_attachments (case_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ATTACHMENT_COLUMNS}`,
      [caseId, fileName, contentType, file.content.length, sha256, file.content, change.actor.label, change.at],
    );
    await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, change.at]);
    await recordCaseEvent(tx, caseId, change, 'attachment_added', { attachment_id: row!.id, file_name: fileName, content_type: contentType, size_bytes: row!.size_bytes });
    await recordAudit(tx, change.actor, { action: 'attach', entity: 'case', entityId: caseId, details: { attachment_id: row!.id, file_name: fileName, sha256 } });
    return { attachment: row!, files: before + 1 };
  });
}

export async function listAttachments(db: Db, caseId: number): Promise<CaseAttachment[]> {
  return db.query<CaseAttachment>(`SELECT ${ATTACHMENT_COLUMNS} FROM case_attachments WHERE case_id = $1 ORDER BY created_at, id`, [caseId]);
}

/** The file with its bytes (both drivers' bytea as a Buffer). */
export async function readAttachment(db: Db, caseId: number, attachmentId: number): Promise<CaseAttachment & { content: Buffer }> {
  const [row] = await db.query<CaseAttachment & { content: Uint8Array }>(
    `SELECT ${ATTACHMENT_COLUMNS}, content FROM case_attachments WHERE id = $1 AND case_id = $2`,
    [attachmentId, caseId],
  );
  if (!row) throw new AppError('not_found', `case ${caseId} has no attachment ${attachmentId}`, 'cases.attachment_not_found');
  return { ...row, content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) };
}

export async function removeAttachment(db: Db, caseId: number, attachmentId: number, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    const [removed] = await tx.query<{ file_name: string; sha256: string }>(
      'DELETE FROM case_attachments WHERE id = $1 AND case_id = $2 RETURNING file_name, sha256',
      [attachmentId, caseId],
    );
    if (!removed) throw new AppError('not_found', `case ${caseId} has no attachment ${attachmentId}`, 'cases.attachment_not_found');
    await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, change.at]);
    await recordCaseEvent(tx, caseId, change, 'attachment_removed', { attachment_id: attachmentId, file_name: removed.file_name });
    await recordAudit(tx, change.actor, { action: 'detach', entity: 'case', entityId: caseId, details: { attachment_id: attachmentId, ...removed } });
  });
}
