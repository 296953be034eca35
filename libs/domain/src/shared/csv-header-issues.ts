import type { DomainErrorIssue } from './domain-error.ts';

/**
 * The header row of a table whose columns are named (any order, optional ones may be left out): each
 * unknown column at its own place, each required one missing after the last, all on line 1.
 */
export function csvHeaderIssues(
  header: readonly string[],
  known: readonly string[],
  required: readonly string[],
): DomainErrorIssue[] {
  const issues: DomainErrorIssue[] = [];
  header.forEach((name, i) => {
    if (!known.includes(name))
      issues.push({
        field: name,
        value: name,
        reason: 'unknown column',
        expected: `one of ${known.join(', ')}`,
        line: 1,
        column: i + 1,
      });
  });
  for (const name of required)
    if (!header.includes(name))
      issues.push({
        field: name,
        value: null,
        reason: 'missing column',
        expected: `a column ${name}`,
        line: 1,
        column: header.length + 1,
      });
  return issues;
}
