import type { ValidationIssue } from '../shared/validation.ts';

export interface CsvRecord {
  /** 1-based line in the file where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

interface ParserState {
  records: CsvRecord[];
  fields: string[];
  field: string;
  quoted: boolean;
  line: number;
  recordLine: number;
}

function endRecord(state: ParserState): void {
  state.fields.push(state.field);
  const blank = state.fields.length === 1 && state.fields[0] === '';
  if (!blank) state.records.push({ line: state.recordLine, fields: state.fields });
  state.fields = [];
  state.field = '';
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes with "" for a quote, CRLF or LF.
 * A leading BOM (as spreadsheet exports write) is dropped; blank lines are skipped.
 */
export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const state: ParserState = { records: [], fields: [], field: '', quoted: false, line: 1, recordLine: 1 };
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (state.quoted) {
      if (c === '"' && input[i + 1] === '"') {
        state.field += '"';
        i += 1;
      } else if (c === '"') {
        state.quoted = false;
      } else {
        if (c === '\n') state.line += 1;
        state.field += c;
      }
    } else if (c === '"' && state.field === '') {
      state.quoted = true;
    } else if (c === ',') {
      state.fields.push(state.field);
      state.field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      endRecord(state);
      state.line += 1;
      state.recordLine = state.line;
    } else {
      state.field += c;
    }
  }
  if (state.quoted) {
    const issue = {
      path: `line ${state.recordLine}`,
      value: state.field.slice(0, 40),
      reason: 'unterminated quoted field',
      expected: 'a closing double quote',
    };
    return { ok: false, issues: [issue] };
  }
  endRecord(state);
  return { ok: true, records: state.records };
}
