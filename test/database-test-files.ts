import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The test files that reach a database: those that import, directly or through local
 * helpers, the modules that open one (`test/db.ts`, which `test/app.ts`, the CLI and
 * browser helpers build on) or that start PGlite or PostgreSQL themselves.
 *
 * Why: CI runs the suite twice, on PGlite and on PostgreSQL. A test that never opens a
 * database (a FEEL parser, a lot-code normaliser, a BPMN reader) answers the same on both,
 * so the PostgreSQL pass runs only these files and the budget goes to what can differ.
 * The scan follows imports instead of a hand-kept list, so a new test is never left out:
 * when in doubt (an import it cannot resolve) it keeps the file.
 */
const DATABASE_OPENERS = ['test/db.ts', 'src/platform/db/pglite.ts', 'src/platform/db/postgres.ts'];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function testFilesThatReachADatabase(root: string, roots = ['src', 'test']): string[] {
  const openers = new Set(DATABASE_OPENERS.map((file) => resolve(root, file)));
  const memo = new Map<string, boolean>();

  function reaches(file: string, stack: Set<string>): boolean {
    if (openers.has(file)) return true;
    const known = memo.get(file);
    if (known !== undefined) return known;
    if (stack.has(file)) return false;
    stack.add(file);
    let result = false;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier?.startsWith('.')) continue;
      const target = resolveLocal(resolve(dirname(file), specifier));
      if (target === undefined || reaches(target, stack)) {
        result = true;
        break;
      }
    }
    stack.delete(file);
    memo.set(file, result);
    return result;
  }

  return roots
    .flatMap((dir) => listTestFiles(resolve(root, dir)))
    .filter((file) => reaches(file, new Set()))
    .map((file) => relative(root, file));
}

function resolveLocal(path: string): string | undefined {
  for (const candidate of [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  if (/\.(json|sql|bpmn|dmn|xml|css)$/.test(path)) return path.endsWith('.json') ? undefined : path;
  return undefined;
}

function listTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listTestFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
