/** A problem found in imported data, precise enough to fix the file without reading the code. */
export interface ValidationIssue {
  readonly path: string;
  readonly value: unknown;
  readonly reason: string;
  readonly expected: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function formatIssue(issue: ValidationIssue): string {
  return `${issue.path}: ${JSON.stringify(issue.value)}: ${issue.reason} (expected ${issue.expected})`;
}

/** Walks an untrusted parsed value, collecting every issue rather than stopping at the first. */
export class ValueReader {
  readonly issues: ValidationIssue[] = [];

  fail(path: string, value: unknown, reason: string, expected: string): undefined {
    this.issues.push({ path, value, reason, expected });
    return undefined;
  }

  object(path: string, value: unknown): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return this.fail(path, value, 'not an object', 'a JSON object');
  }

  array(path: string, value: unknown): readonly unknown[] | undefined {
    return Array.isArray(value) ? value : this.fail(path, value, 'not an array', 'a JSON array');
  }

  string(path: string, value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== ''
      ? value
      : this.fail(path, value, 'not a non-empty string', 'a non-empty string');
  }

  integer(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? value
      : this.fail(path, value, 'not an integer in range', `an integer between ${min} and ${max}`);
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T | undefined {
    return allowed.includes(value as T)
      ? (value as T)
      : this.fail(path, value, 'not an allowed value', `one of ${allowed.join(', ')}`);
  }

  /** Runs a parser that throws a DomainError-like error and records its message as an issue. */
  attempt<T>(path: string, value: unknown, expected: string, parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      return this.fail(path, value, error instanceof Error ? error.message : String(error), expected);
    }
  }

  result<T>(value: T | undefined): ValidationResult<T> {
    if (this.issues.length > 0 || value === undefined) {
      return { ok: false, issues: this.issues };
    }
    return { ok: true, value };
  }
}
