import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../../platform/audit/audit.ts';
import type { EngineDeps } from '../runtime/step-instance.ts';
import { deployDecision } from '../decisions/decisions.sql.ts';
import { deployForm } from '../forms/forms.sql.ts';
import { decodeXml } from '../model/decode-xml.ts';
import { deployProcess } from './deploy-process.ts';

import { PROCESSES_DIR } from '../../platform/paths.ts';

export { PROCESSES_DIR };

const filesIn = (dir: string, suffix: string) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
};

/**
 * Deploys the shipped models at start: forms (processes/forms/*.form), decisions
 * (processes/*.dmn), then processes (processes/*.bpmn), so references resolve. Unchanged
 * files keep their version, so every start (and every worker) may run this.
 */
export async function deployFolder(deps: EngineDeps, dir = PROCESSES_DIR): Promise<string[]> {
  const deployed: string[] = [];
  for (const file of filesIn(join(dir, 'forms'), '.form')) {
    const form = await deployForm(deps.db, JSON.parse(readFileSync(file, 'utf8')), systemActor);
    if (form.created) deployed.push(`form ${form.formKey} v${form.version}`);
  }
  for (const file of filesIn(dir, '.dmn')) {
    const decision = await deployDecision(deps.db, readFileSync(file, 'utf8'), systemActor);
    if (decision.created) deployed.push(`decision ${decision.decisionKey} v${decision.version}`);
  }
  for (const file of filesIn(dir, '.bpmn')) {
    const process = await deployProcess(deps.db, deps.clock, decodeXml(readFileSync(file)), systemActor);
    if (process.created) deployed.push(`process ${process.processId} v${process.version}`);
  }
  return deployed;
}
