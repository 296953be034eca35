/** One difference between two rule versions: where, and the value before and after (absent: null). */
export interface RuleVersionChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The differences between two versions of the rules (programme versions, schedules), leaf by leaf with the
 * path a document uses (`menus[0].subsidyRates[1].value.numerator`): what changed from one fiscal year or
 * correction to the next. Arrays are compared by index; menus are matched by `menuId` so that a reordered
 * or added menu is not reported as changes to every later one.
 */
export function diffRuleVersions(before: unknown, after: unknown, path = ''): RuleVersionChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyed = [...before, ...after].every((item) => isRecord(item) && typeof item['menuId'] === 'string');
    if (keyed) {
      const ids = [...new Set([...before, ...after].map((item) => (item as { menuId: string }).menuId))];
      return ids.flatMap((id) =>
        diffRuleVersions(
          before.find((item) => (item as { menuId: string }).menuId === id),
          after.find((item) => (item as { menuId: string }).menuId === id),
          `${path}[menuId=${id}]`,
        ),
      );
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffRuleVersions(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffRuleVersions(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '$', before: before ?? null, after: after ?? null }];
}
