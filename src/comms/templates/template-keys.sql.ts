import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import { STANDARD_VARIABLES } from './standard-variables.ts';
import { TEMPLATE_FIELDS, type TemplateTexts } from './template-fields.ts';
import { variablesOf } from './template-syntax.ts';

export interface VariableDeclaration {
  description: string;
  sample?: unknown;
}

export interface TemplateKey {
  key: string;
  description: string;
  variables: Record<string, VariableDeclaration>;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export async function listTemplateKeys(db: Db): Promise<TemplateKey[]> {
  return db.query<TemplateKey>('SELECT key, description, variables FROM comms_template_keys ORDER BY key');
}

export async function getTemplateKey(db: Db, key: string): Promise<TemplateKey | undefined> {
  const [row] = await db.query<TemplateKey>('SELECT key, description, variables FROM comms_template_keys WHERE key = $1', [key]);
  return row;
}

/**
 * Declares (or redeclares) a template key and its variables. Modules call this for the
 * keys they send with; designers use the API. Removing a variable that a saved template
 * still uses is refused, naming the template.
 */
export async function declareTemplateKey(db: Db, input: TemplateKey): Promise<TemplateKey> {
  for (const name of Object.keys(input.variables)) {
    if (!VARIABLE_NAME.test(name)) throw new AppError('invalid', `"${name}" is not a variable name`, 'comms.bad_variable_name', { variable: name });
  }
  return db.transaction(async (tx) => {
    const [saved] = await tx.query<TemplateKey>(
      `INSERT INTO comms_template_keys (key, description, variables) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET description = EXCLUDED.description, variables = EXCLUDED.variables, updated_at = now()
       RETURNING key, description, variables`,
      [input.key, input.description, JSON.stringify(input.variables)],
    );
    for (const template of await usedVariablesOf(tx, input.key)) {
      const unknown = template.variables.filter((v) => !isDeclared(saved!, v));
      if (unknown.length) {
        throw new AppError('conflict', `the ${template.language} template of ${input.key} still uses {{${unknown[0]}}}`, 'comms.variable_in_use', { variable: unknown[0], language: template.language });
      }
    }
    return saved!;
  });
}

/** The variables each saved language of a key uses. */
async function usedVariablesOf(db: Db, key: string): Promise<{ language: string; variables: string[] }[]> {
  const rows = await db.query<TemplateTexts & { language: string }>(
    `SELECT language, ${TEMPLATE_FIELDS.join(', ')} FROM comms_templates WHERE key = $1 ORDER BY language`,
    [key],
  );
  return rows.map((row) => ({ language: row.language, variables: TEMPLATE_FIELDS.flatMap((field) => (row[field] ? variablesOf(row[field]) : [])) }));
}

export function isDeclared(key: TemplateKey, variable: string): boolean {
  return Object.hasOwn(key.variables, variable) || Object.hasOwn(STANDARD_VARIABLES, variable);
}
