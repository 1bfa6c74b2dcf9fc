/**
 * A problem that stops a model from running, tied to the element it is about and the line of
 * the XML where that element is written, so the person who drew it can find it in any tool.
 */
export interface ElementProblem {
  /** The BPMN id of the element, or null when the problem is about the document as a whole. */
  elementId: string | null;
  /** 1-based line of the element's start tag (or of the unreadable content), null when unknown. */
  line: number | null;
  problem: string;
}

/**
 * Every problem message names its element as "at <id>" (see read-bpmn's `where`), or, for XML
 * the parser could not read, carries the parser's line; both are turned into an id and a line.
 */
export function locateProblems(xml: string, problems: readonly string[]): ElementProblem[] {
  const lines = idLines(xml);
  return problems.map((problem) => {
    const parserLine = /\bline (\d+)\b/.exec(problem)?.[1];
    if (parserLine !== undefined && problem.startsWith('unreadable content')) return { elementId: null, line: Number(parserLine), problem };
    // "at <id>", or with the kind of element between ("at sequence flow <id>", "at conditional event <id>").
    const id = [...problem.matchAll(/ at ((?:[A-Za-z_][\w.-]* ){0,2}[A-Za-z_][\w.-]*)/g)]
      .flatMap((m) => m[1]!.split(' ')).find((word) => lines.has(word));
    if (id === undefined) return { elementId: null, line: null, problem };
    return { elementId: id, line: lines.get(id)!, problem };
  });
}

/** The line of each id="…" attribute (the first one: ids are unique in a valid document). */
function idLines(xml: string): Map<string, number> {
  const lines = new Map<string, number>();
  const idAttribute = /\sid\s*=\s*(["'])([^"']+)\1/g;
  let line = 1;
  let counted = 0;
  for (let match = idAttribute.exec(xml); match; match = idAttribute.exec(xml)) {
    for (let i = counted; i < match.index; i++) if (xml.charCodeAt(i) === 10) line++;
    counted = match.index;
    if (!lines.has(match[2]!)) lines.set(match[2]!, line);
  }
  return lines;
}
