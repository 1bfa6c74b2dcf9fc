import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../platform/audit/audit.ts';
import type { Role } from '../platform/auth/permissions.ts';
import { randomSecret } from '../platform/auth/secrets.ts';
import { createUser, listUsers, type User } from '../platform/auth/users.ts';
import type { Db } from '../platform/db/database.ts';

/** One person of the demo company: what they do there, their roles and department (the group tasks are offered to). */
export interface DemoPerson {
  /** Who they are in the story, for the printed table ("Quality manager"). */
  title: string;
  email: string;
  name: string;
  roles: Role[];
  department: string | null;
}

/**
 * The demo company's staff: someone for every role in permissions.ts, so each screen can be
 * seen as the person it is for. The administrator is the first admin (first-admin.ts).
 * Addresses are on a domain of their own, so they never meet the users a test creates.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { title: 'Quality manager', email: 'quality.manager@rebound.local', name: 'Quinn Okafor', roles: ['manager'], department: 'quality' },
  { title: 'Support manager', email: 'support.manager@rebound.local', name: 'Sam Lindqvist', roles: ['manager'], department: 'service' },
  { title: 'Support agent', email: 'agent@rebound.local', name: 'Alex Petrenko', roles: ['agent'], department: 'service' },
  { title: 'CRM manager', email: 'crm.manager@rebound.local', name: 'Casey Morgan', roles: ['manager'], department: 'marketing' },
  { title: 'Process designer', email: 'designer@rebound.local', name: 'Dana Ivanova', roles: ['designer'], department: null },
  { title: 'Viewer (auditor)', email: 'viewer@rebound.local', name: 'Val Berg', roles: ['viewer'], department: null },
];

export interface DemoLogin extends DemoPerson {
  userId: number;
  /** The generated password, as remembered in the data folder; undefined when the file was deleted. */
  password?: string;
}

export const DEMO_PASSWORDS_FILE = 'demo-passwords.txt';

/**
 * Creates the demo staff once, each with a generated password kept in the data folder
 * (owner-readable only, beside admin-password.txt) so the logins can be printed at every
 * start of a demo — and no password lives in the repository. Someone deleted or renamed in
 * the console is created again on the next start.
 */
export async function ensureDemoUsers(db: Db, dataDir: string): Promise<DemoLogin[]> {
  // Known e-mail addresses with printed passwords are a demo's convenience and a production server's hole.
  if (process.env.NODE_ENV === 'production') throw new Error('demo users are never created with NODE_ENV=production');
  const file = join(dataDir, DEMO_PASSWORDS_FILE);
  const remembered = existsSync(file) ? readPasswords(readFileSync(file, 'utf8')) : new Map<string, string>();
  const existing = new Map((await listUsers(db)).map((u) => [u.email.toLowerCase(), u] as const));
  const logins: DemoLogin[] = [];
  let changed = false;
  for (const person of DEMO_PEOPLE) {
    let user: User | undefined = existing.get(person.email);
    let password = remembered.get(person.email);
    if (!user) {
      password = randomSecret(12);
      user = await createUser(db, systemActor, { email: person.email, name: person.name, password, roles: person.roles, department: person.department });
      remembered.set(person.email, password);
      changed = true;
    }
    logins.push({ ...person, userId: user.id, password });
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    const lines = [...remembered].map(([email, password]) => `${email}\t${password}`);
    writeFileSync(file, `# Demo logins (generated at first start; the demo only)\n${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return logins;
}

function readPasswords(text: string): Map<string, string> {
  const entries = text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t'));
  return new Map(entries.filter((e) => e.length === 2).map(([email, password]) => [email!.toLowerCase(), password!.trim()]));
}

/** The logins as a compact table for the start-up banner: one line per person. */
export function demoLoginsTable(rows: readonly { title: string; email: string; password?: string }[]): string[] {
  const widths = [Math.max(...rows.map((r) => r.title.length)), Math.max(...rows.map((r) => r.email.length))];
  return rows.map((r) => `    ${r.title.padEnd(widths[0]!)}  ${r.email.padEnd(widths[1]!)}  ${r.password ?? '(password file deleted: set a new one in Users)'}`);
}
