/**
 * `npm run tck`: runs the DMN TCK folders — compliance level 2 (DMN 1.5 and 1.3 copies)
 * and the level-3 core — through the rules engine. Prints every failing test case with
 * expected vs actual, then per model directory and per folder two scores: strict (a
 * result marked errorResult passes only when the engine signalled an error) and lenient
 * (the value alone counts, as the Camunda and Drools runners count). Exits 1 when a
 * folder misses its target (TCK_TARGETS). Folders may be given as arguments (names under
 * the corpus root, or paths); `--passes` lists passing cases too.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatValue } from '../src/rules/tck/compare.ts';
import { defaultTckRoot, LEVEL_2_FOLDERS, LEVEL_3_FOLDERS, runTckFolder, scoreOf, TCK_TARGETS, type TckCaseOutcome, type TckScore } from '../src/rules/tck/runner.ts';

const args = process.argv.slice(2);
const showPasses = args.includes('--passes');
const requested = args.filter((arg) => !arg.startsWith('--'));
const root = defaultTckRoot();
const folders = (requested.length > 0 ? requested : [...LEVEL_2_FOLDERS, ...LEVEL_3_FOLDERS]).map((name) => (existsSync(name) ? name : join(root, name)));

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;
const scoreLine = (score: TckScore) =>
  `strict ${score.passedCases}/${score.totalCases} (${percent(score.passRate)})  lenient ${score.passedCasesLenient}/${score.totalCases} (${percent(score.lenientPassRate)})`;

let missedTargets = 0;
const summary: string[] = [];
const allCases: TckCaseOutcome[] = [];
for (const folder of folders) {
  if (!existsSync(folder)) {
    console.error(`TCK folder not found: ${folder} (set DMN_TCK_DIR to the corpus root)`);
    missedTargets++;
    continue;
  }
  const report = await runTckFolder(folder);
  allCases.push(...report.cases);
  console.log(`\n== ${folder}`);
  for (const outcome of report.cases) {
    if (outcome.passed && !showPasses) continue;
    const verdict = outcome.passed ? 'PASS' : outcome.passedLenient ? 'FAIL (strict only: no error signalled)' : 'FAIL';
    console.log(`${verdict} ${outcome.dir}/${outcome.file} #${outcome.caseId}`);
    for (const result of outcome.results.filter((r) => !r.passed)) {
      console.log(`     ${result.name}: expected ${result.errorResult ? 'an error and ' : ''}${formatValue(result.expected)}, actual ${formatValue(result.actual)}`);
      for (const error of result.errors.slice(0, 3)) console.log(`       error: ${error}`);
    }
  }
  console.log(`\n-- ${basename(folder)} by directory`);
  const width = Math.max(...report.dirs.map((dir) => dir.dir.length));
  for (const dir of report.dirs) console.log(`${dir.dir.padEnd(width)}  ${scoreLine(dir)}`);
  const target = TCK_TARGETS[basename(folder)];
  const missed = target !== undefined && (report.passRate < target.strict || report.lenientPassRate < target.lenient);
  if (missed) missedTargets++;
  const goal = target ? `  (target strict ≥ ${percent(target.strict)}, lenient ≥ ${percent(target.lenient)}${missed ? ': MISSED' : ''})` : '';
  summary.push(`${basename(folder)}: ${scoreLine(report)}; ${report.passedResults}/${report.totalResults} result nodes${goal}`);
}
console.log(`\n${summary.join('\n')}`);
if (folders.length > 1) console.log(`total: ${scoreLine(scoreOf(allCases))}`);
if (missedTargets > 0) console.log(`${missedTargets} folder(s) missed their target`);
process.exitCode = missedTargets > 0 ? 1 : 0;
