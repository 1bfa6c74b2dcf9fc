import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { ElementProblem } from '../model/element-problems.ts';
import type { ProcessModel } from '../model/process-model.ts';

export interface DefinitionRow {
  id: number;
  process_id: string;
  version: number;
  name: string | null;
  xml: string;
  model: ProcessModel;
  deployed_at: Date;
  deployed_by: string;
}

// Definition versions never change once deployed, so a process may keep them.
const byId = new Map<number, DefinitionRow>();

export async function definitionById(db: Db, id: number): Promise<DefinitionRow> {
  const cached = byId.get(id);
  if (cached) return cached;
  const [row] = await db.query<DefinitionRow>('SELECT id, process_id, version, name, xml, model, deployed_at, deployed_by FROM engine_definitions WHERE id = $1', [id]);
  if (!row) throw notFound(`process definition ${id}`);
  if (byId.size > 1000) byId.clear();
  byId.set(id, row);
  return row;
}

export async function latestDefinition(db: Db, processId: string): Promise<DefinitionRow> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM engine_definitions WHERE process_id = $1 ORDER BY version DESC LIMIT 1', [processId]);
  if (!row) throw notFound(`process ${processId}`);
  return definitionById(db, row.id);
}

export interface DefinitionSummary {
  id: number;
  processId: string;
  version: number;
  name: string | null;
  executable: boolean;
  deployedAt: Date;
  deployedBy: string;
  runningInstances: number;
}

/** The latest version of every process, with how many instances run on any version. */
export async function listProcesses(db: Db): Promise<DefinitionSummary[]> {
  return db.query<DefinitionSummary>(`
    SELECT DISTINCT ON (d.process_id) d.id, d.process_id AS "processId", d.version, d.name,
           (d.model->>'executable')::boolean AS executable, d.deployed_at AS "deployedAt", d.deployed_by AS "deployedBy",
           (SELECT count(*) FROM engine_instances i WHERE i.process_id = d.process_id AND i.status = 'running')::int AS "runningInstances"
      FROM engine_definitions d
     ORDER BY d.process_id, d.version DESC`);
}

export async function listVersions(db: Db, processId: string): Promise<DefinitionSummary[]> {
  return db.query<DefinitionSummary>(`
    SELECT d.id, d.process_id AS "processId", d.version, d.name, (d.model->>'executable')::boolean AS executable,
           d.deployed_at AS "deployedAt", d.deployed_by AS "deployedBy",
           (SELECT count(*) FROM engine_instances i WHERE i.definition_id = d.id AND i.status = 'running')::int AS "runningInstances"
      FROM engine_definitions d WHERE d.process_id = $1 ORDER BY d.version DESC`, [processId]);
}

/** One deployed version with its BPMN XML, for the console's modeler and instance viewer. */
export async function versionWithXml(db: Db, processId: string, version: number): Promise<DefinitionSummary & { xml: string; cannotRun: ElementProblem[] }> {
  const [row] = await db.query<DefinitionSummary & { xml: string; cannotRun: ElementProblem[] }>(`
    SELECT d.id, d.process_id AS "processId", d.version, d.name, (d.model->>'executable')::boolean AS executable,
           d.deployed_at AS "deployedAt", d.deployed_by AS "deployedBy", d.xml, coalesce(d.model->'cannotRun', '[]'::jsonb) AS "cannotRun",
           (SELECT count(*) FROM engine_instances i WHERE i.definition_id = d.id AND i.status = 'running')::int AS "runningInstances"
      FROM engine_definitions d WHERE d.process_id = $1 AND d.version = $2`, [processId, version]);
  if (!row) throw notFound(`process ${processId} version ${version}`);
  return row;
}
