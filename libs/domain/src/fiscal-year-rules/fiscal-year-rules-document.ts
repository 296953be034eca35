import { importCatalogue } from '../rules/catalogue-import.ts';
import type { ProgramScheduleVersion } from '../rules/program-schedule.ts';
import { ProgramSchedule } from '../rules/program-schedule.ts';
import type { SubsidyProgramVersion } from '../rules/programme-catalogue.ts';
import type { SeedCitation } from '../rules/seed-citation.ts';
import { parseCalendarDate } from '../shared/calendar-date.ts';
import { formatFiscalYearLabel } from '../shared/era.ts';
import { fiscalYear as toFiscalYear, type FiscalYear } from '../shared/fiscal-year.ts';
import { type ValidationIssue, type ValidationResult, ValueReader } from '../shared/validation.ts';
import type {
  EnteredProgramVersion,
  EnteredScheduleVersion,
  FiscalYearRulesDocument,
  RuleSourceDocument,
} from './fiscal-year-rules-events.ts';

/** A document read and checked: as stored (citations filled in) and as typed rule versions. */
export interface ReadFiscalYearRules {
  readonly document: FiscalYearRulesDocument;
  readonly programs: readonly SubsidyProgramVersion[];
  readonly schedules: readonly ProgramScheduleVersion[];
}

type Json = Record<string, unknown>;

/** How an entered value is cited: the document's title and date, and its section. */
export function citationOf(source: RuleSourceDocument): SeedCitation {
  return { seed: `${source.title}（${source.date}）`, section: source.section };
}

function sourceDocument(r: ValueReader, value: unknown): RuleSourceDocument | undefined {
  const o = r.object('source', value);
  if (!o) return undefined;
  const title = r.string('source.title', o['title']);
  const section = r.string('source.section', o['section']);
  const dateText = r.string('source.date', o['date']);
  const date =
    dateText === undefined
      ? undefined
      : r.attempt('source.date', dateText, 'a date "YYYY-MM-DD"', () =>
          parseCalendarDate(dateText, 'source.date'),
        );
  return title?.trim() && section?.trim() && date && dateText
    ? { title, date: dateText, section }
    : undefined;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A cited value without its own `source` takes the document's. */
function withSource(value: unknown, source: SeedCitation): unknown {
  return isObject(value) && value['source'] === undefined ? { ...value, source } : value;
}

const CITED_FIELDS = [
  'recipientKinds',
  'subsidyMethod',
  'maxProgramYears',
  'trainingToApplicationOffset',
  'bedLimit',
];

/** The entered programme version with every citation filled in and the period defaulting to the year. */
function completeProgram(value: unknown, fy: FiscalYear, source: SeedCitation): unknown {
  if (!isObject(value)) return value;
  const label = formatFiscalYearLabel(fy);
  const program: Json = { ...value };
  program['period'] = withSource(program['period'] ?? { value: { from: label, until: label } }, source);
  for (const field of CITED_FIELDS) {
    if (program[field] !== undefined) program[field] = withSource(program[field], source);
  }
  if (Array.isArray(program['menus'])) {
    program['menus'] = program['menus'].map((menu: unknown) => {
      if (!isObject(menu)) return menu;
      const cite = (list: unknown) =>
        Array.isArray(list) ? list.map((e: unknown) => withSource(e, source)) : list;
      return { ...menu, baseAmounts: cite(menu['baseAmounts']), subsidyRates: cite(menu['subsidyRates']) };
    });
  }
  if (Array.isArray(program['notes'])) {
    program['notes'] = program['notes'].map((n: unknown) => withSource(n, source));
  }
  return program;
}

function correction(
  r: ValueReader,
  path: string,
  o: Json,
): { supersedes?: string; reason?: string } | undefined {
  if (o['supersedes'] === undefined) {
    return o['reason'] === undefined
      ? {}
      : r.fail(
          `${path}.reason`,
          o['reason'],
          'a reason without supersedes',
          'supersedes with the reason, or neither',
        );
  }
  const supersedes = r.string(`${path}.supersedes`, o['supersedes']);
  const reason = typeof o['reason'] === 'string' ? o['reason'].trim() : '';
  if (!reason)
    return r.fail(`${path}.reason`, o['reason'] ?? null, 'a correction must say why', 'a non-empty reason');
  return supersedes ? { supersedes, reason } : undefined;
}

const DAYS = 365;

function schedule(
  r: ValueReader,
  path: string,
  value: unknown,
  fy: FiscalYear,
  source: SeedCitation,
): { entered: EnteredScheduleVersion; typed: ProgramScheduleVersion } | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const programId = r.string(`${path}.programId`, o['programId']);
  const versionId = r.string(`${path}.versionId`, o['versionId']);
  const window = r.object(`${path}.applicationWindow`, o['applicationWindow']);
  const opens = window && r.string(`${path}.applicationWindow.opens`, window['opens']);
  const closes = window && r.string(`${path}.applicationWindow.closes`, window['closes']);
  const report = r.object(`${path}.performanceReportDue`, o['performanceReportDue']);
  const offset =
    report && r.integer(`${path}.performanceReportDue.fiscalYearOffset`, report['fiscalYearOffset'], 0, 2);
  const monthDay = report && r.string(`${path}.performanceReportDue.monthDay`, report['monthDay']);
  const days = (field: string) => r.integer(`${path}.${field}`, o[field], 1, DAYS);
  const correctionResponseDays = days('correctionResponseDays');
  const standardProcessingDays = days('standardProcessingDays');
  const refundDueDays = days('refundDueDays');
  const fix = correction(r, path, o);
  if (
    !programId ||
    !versionId ||
    !opens ||
    !closes ||
    offset === undefined ||
    !monthDay ||
    !fix ||
    correctionResponseDays === undefined ||
    standardProcessingDays === undefined ||
    refundDueDays === undefined
  ) {
    return undefined;
  }
  const entered: EnteredScheduleVersion = {
    programId,
    versionId,
    applicationWindow: { opens, closes },
    performanceReportDue: { fiscalYearOffset: offset, monthDay },
    correctionResponseDays,
    standardProcessingDays,
    refundDueDays,
    ...fix,
  };
  const typed: ProgramScheduleVersion = {
    programId,
    versionId,
    from: fy,
    until: fy,
    applicationWindow: entered.applicationWindow,
    performanceReportDue: entered.performanceReportDue,
    correctionResponseDays,
    standardProcessingDays,
    refundDueDays,
    origin: `${source.seed} § ${source.section}`,
    ...(fix.supersedes ? { supersedes: fix.supersedes } : {}),
  };
  // The labels resolve within the year and the window opens before it closes.
  const resolved = r.attempt(
    `${path}.applicationWindow`,
    entered.applicationWindow,
    'month-day labels such as "4月1日", "2月末", opening before closing',
    () => new ProgramSchedule([typed]).scheduleFor(programId === '*' ? '*' : programId, fy),
  );
  return resolved ? { entered, typed } : undefined;
}

/**
 * Reads what an admin entered for a fiscal year — `{ source: { title, date, section }, programs: [...],
 * schedules: [...] }` — through the catalogue's own validation: every issue is listed with its path. A
 * programme version's values without their own `source` cite the document; its period is the fiscal year
 * (an entered version applies to that year's applications only).
 */
export function readFiscalYearRulesDocument(
  value: unknown,
  fiscalYear: number,
): ValidationResult<ReadFiscalYearRules> {
  const r = new ValueReader();
  const fy = toFiscalYear(fiscalYear);
  const root = r.object('$', value);
  if (!root) return r.result<ReadFiscalYearRules>(undefined);
  const source = sourceDocument(r, root['source']);
  const programsIn = root['programs'] === undefined ? [] : r.array('programs', root['programs']);
  const schedulesIn = root['schedules'] === undefined ? [] : r.array('schedules', root['schedules']);
  if (programsIn && schedulesIn && programsIn.length + schedulesIn.length === 0) {
    r.fail(
      'programs',
      root['programs'] ?? null,
      'nothing to propose',
      'at least one programme version or schedule',
    );
  }
  if (!source || !programsIn || !schedulesIn || r.issues.length > 0)
    return r.result<ReadFiscalYearRules>(undefined);
  const cited = citationOf(source);
  const completed = programsIn.map((p) => completeProgram(p, fy, cited));
  const imported = importCatalogue({ programs: completed });
  if (!imported.ok) imported.issues.forEach((issue) => r.issues.push(issue));
  const fixes = completed.map((p, i) => (isObject(p) ? correction(r, `programs[${i}]`, p) : undefined));
  const schedules = schedulesIn.map((s, i) => schedule(r, `schedules[${i}]`, s, fy, cited));
  if (!imported.ok || r.issues.length > 0) return r.result<ReadFiscalYearRules>(undefined);
  imported.value.forEach((version, i) => {
    const { from, until } = version.period.value;
    if (from !== fy || until !== fy) {
      r.fail(
        `programs[${i}].period.value`,
        (completed[i] as Json)['period'],
        `an entered version applies to ${formatFiscalYearLabel(fy)} only`,
        `from and until ${formatFiscalYearLabel(fy)} (or no period)`,
      );
    }
  });
  const programs = imported.value.map((version, i) => {
    const fix = fixes[i];
    return fix?.supersedes ? { ...version, supersedes: fix.supersedes } : version;
  });
  const document: FiscalYearRulesDocument = {
    source,
    programs: completed as EnteredProgramVersion[],
    schedules: schedules.map((s) => s!.entered),
  };
  return r.result(
    r.issues.length > 0 ? undefined : { document, programs, schedules: schedules.map((s) => s!.typed) },
  );
}

export type { ValidationIssue };
