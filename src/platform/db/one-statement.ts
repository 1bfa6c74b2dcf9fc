/** A statement with its positional parameters, numbered from $1 as if it ran alone. */
export interface SqlWrite {
  sql: string;
  params: readonly unknown[];
}

/** A write joined into one statement under a name the later parts may read (its RETURNING rows). */
export interface NamedWrite extends SqlWrite {
  name: string;
}

/**
 * Joins writes into ONE statement of data-modifying CTEs, so that they cost one round trip
 * and are atomic without a transaction of their own. PostgreSQL runs every part exactly once
 * and to completion, all against the same snapshot: a part sees another's rows only through
 * the RETURNING of a part it names, and no two parts may change the same row (only one change
 * would be kept). Foreign keys are checked at the end of the statement, so a child row may be
 * inserted beside its parent's. Each part keeps its own $1…$n: they are renumbered here, which
 * is why a part must not contain a `$` other than its parameters (no dollar quoting).
 */
export function oneStatement(writes: readonly NamedWrite[]): SqlWrite {
  if (writes.length === 0) throw new Error('oneStatement: no writes');
  const params: unknown[] = [];
  const parts = writes.map((write) => {
    const offset = params.length;
    params.push(...write.params);
    const sql = write.sql.replace(/\$(\d+)/g, (_, n: string) => {
      if (Number(n) > write.params.length) throw new Error(`oneStatement: ${write.name} uses $${n} but has ${write.params.length} parameters`);
      return `$${offset + Number(n)}`;
    });
    return `${write.name} AS (${sql})`;
  });
  return { sql: `WITH ${parts.join(',\n')}\nSELECT 1 AS written`, params };
}
