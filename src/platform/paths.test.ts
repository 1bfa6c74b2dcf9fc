import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESSES_DIR, PROJECT_ROOT, SOURCE_DIR, WEB_DIST } from './paths.ts';

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  if (entry.isDirectory()) return entry.name === 'test' || entry.name === 'tck' || entry.name === 'feelin-patched' ? [] : sources(path);
  return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
});

describe("the project's folders", () => {
  it('are found from the project root, where package.json, processes/ and src/ are', () => {
    expect(relative(PROJECT_ROOT, PROCESSES_DIR)).toBe('processes');
    expect(relative(PROJECT_ROOT, SOURCE_DIR)).toBe('src');
    expect(WEB_DIST.endsWith('/web/dist/')).toBe(true);
    expect(readdirSync(PROCESSES_DIR)).toContain('recall.bpmn');
  });

  // The built server runs from dist/src/…: a path computed from the file's own place would
  // point into dist/ and miss the processes an operator edits (issue 17, point 5).
  it('come from src/platform/paths.ts only, so the compiled server finds the same ones', () => {
    const offenders = sources(SOURCE_DIR)
      .filter((file) => !file.endsWith(join('platform', 'paths.ts')))
      .filter((file) => /import\.meta\.(dirname|url|filename)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(PROJECT_ROOT, file));
    expect(offenders).toEqual([]);
  });
});
