import {
  fiscalYear,
  fiscalYearOfInstant,
  formatFiscalYearLabel,
  type SubsidyProgramCatalogue,
} from '#domain';

/** The events a report reads: type, data, and when (virtual time) they were recorded. */
export interface ReportedEvent {
  readonly type: string;
  readonly streamId: string;
  readonly data: unknown;
  readonly recordedAt: Date;
}

export interface ReportRow {
  readonly label: string;
  /** One cell per fiscal year, each a few short lines; empty when nothing happened. */
  readonly cells: readonly (readonly string[])[];
}

export interface FiscalYearReport {
  readonly fiscalYears: readonly number[];
  readonly rows: readonly ReportRow[];
}

const COURSES = [
  ['common', '①共通研修 修了'],
  ['dischargeSupportAdvanced', '②退院支援強化研修 修了'],
  ['dischargeSupportBasic', '③退院支援人材育成研修 修了'],
] as const;

interface ProgrammeYear {
  submitted: number;
  decided: number;
  decidedYen: number;
  paidYen: number;
  confirmed: number;
  grantYears: string[];
}

type Data = Record<string, unknown>;

/**
 * What happened in each fiscal year, in the shape of seed 000's 平成26–29年度 schedule: trainings
 * completed, then per programme applications, grant decisions, payments and the programme year of its
 * multi-year grants, then what the rollover and the reminders did and the designations.
 */
export function fiscalYearReport(
  events: readonly ReportedEvent[],
  fiscalYears: readonly number[],
  catalogue: SubsidyProgramCatalogue,
): FiscalYearReport {
  // Grant years count in the fiscal year they fund; everything else when it was recorded.
  const column = (event: ReportedEvent) => fiscalYears.indexOf(fiscalYearOf(event));
  const counter = () => fiscalYears.map(() => 0);
  const completions = new Map<string, number[]>(COURSES.map(([course]) => [course, counter()]));
  const programmes = new Map<string, ProgrammeYear[]>();
  const programmeYear = (programId: string, at: number): ProgrammeYear => {
    const years =
      programmes.get(programId) ??
      fiscalYears.map(() => ({
        submitted: 0,
        decided: 0,
        decidedYen: 0,
        paidYen: 0,
        confirmed: 0,
        grantYears: [],
      }));
    programmes.set(programId, years);
    return years[at]!;
  };
  const opened = counter();
  const obligations = counter();
  const reminders = counter();
  const recommended = counter();
  const designated = counter();
  for (const event of events) {
    const at = column(event);
    if (at < 0) continue;
    const data = event.data as Data;
    switch (event.type) {
      case 'TrainingCompleted': {
        const course = completions.get(data.courseId as string);
        if (course) course[at]! += 1;
        break;
      }
      case 'ApplicationSubmitted':
        programmeYear(data.programId as string, at).submitted += 1;
        break;
      case 'GrantDecided': {
        const year = programmeYear(data.programId as string, at);
        year.decided += 1;
        year.decidedYen += (data.grant as { amount: number }).amount;
        break;
      }
      case 'AmountConfirmed':
        programmeYear(data.programId as string, at).confirmed += 1;
        break;
      case 'PaymentRecorded':
        programmeYear(data.programId as string, at).paidYen += data.amount as number;
        break;
      case 'MultiYearGrantStarted':
      case 'ProgramYearAdvanced': {
        const terms = data.terms as { programYear: number; subsidyRate: string };
        programmeYear(data.programId as string, at).grantYears.push(
          `${terms.programYear}年目 ${terms.subsidyRate}`,
        );
        break;
      }
      case 'MultiYearGrantEnded':
        programmeYear(data.programId as string, at).grantYears.push('補助期間終了');
        break;
      case 'ApplicationsOpenedByTraining':
        opened[at]! += (data.institutions as unknown[]).length;
        break;
      case 'TrainingObligationsRaised':
        obligations[at]! += (data.obligations as unknown[]).length;
        break;
      case 'DueDateRemindersSent':
        reminders[at]! += (data.reminders as unknown[]).length;
        break;
      case 'InstitutionRecommended':
        recommended[at]! += 1;
        break;
      case 'InstitutionDesignated':
        designated[at]! += 1;
        break;
    }
  }
  const counts = (values: readonly number[], unit: string): string[][] =>
    values.map((n) => (n === 0 ? [] : [`${n}${unit}`]));
  const rows: ReportRow[] = [
    ...COURSES.map(([course, label]) => ({ label, cells: counts(completions.get(course)!, '名') })),
    ...[...programmes].map(([programId, years]) => ({
      label: programmeName(catalogue, programId, fiscalYears),
      cells: years.map(describeProgrammeYear),
    })),
    { label: '研修修了による申請開始', cells: counts(opened, '病院') },
    { label: '②受講義務 (③修了者)', cells: counts(obligations, '名') },
    { label: '期限の通知', cells: counts(reminders, '件') },
    {
      label: '推薦 / 指定',
      cells: recommended.map((r, i) =>
        r + designated[i]! === 0 ? [] : [`推薦${r}`, `指定${designated[i]}`],
      ),
    },
  ];
  return { fiscalYears, rows };
}

function describeProgrammeYear(year: ProgrammeYear): string[] {
  return [
    year.submitted ? `申請${year.submitted}` : '',
    year.decided ? `交付決定${year.decided} ${thousandYen(year.decidedYen)}` : '',
    year.confirmed ? `額の確定${year.confirmed}` : '',
    year.paidYen ? `支払 ${thousandYen(year.paidYen)}` : '',
    ...year.grantYears.filter((g, i, all) => all.indexOf(g) === i),
  ].filter(Boolean);
}

function fiscalYearOf(event: ReportedEvent): number {
  const data = event.data as { terms?: { fiscalYear: number }; lastFiscalYear?: number };
  if (event.type === 'MultiYearGrantEnded' && data.lastFiscalYear) return data.lastFiscalYear + 1;
  return data.terms?.fiscalYear ?? fiscalYearOfInstant(event.recordedAt);
}

function thousandYen(yen: number): string {
  return `${(yen / 1000).toLocaleString('en-US')}千円`;
}

function programmeName(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  fiscalYears: readonly number[],
): string {
  for (const fy of [...fiscalYears].reverse()) {
    const version = catalogue.versionsOf(programId).find((v) => v.period.value.from <= fiscalYear(fy));
    if (version) return version.name.ja;
  }
  return programId;
}

/** The report as text: one column per fiscal year, aligned by display width (full-width = 2). */
export function formatFiscalYearReport(report: FiscalYearReport): string {
  const header = ['', ...report.fiscalYears.map((fy) => formatFiscalYearLabel(fiscalYear(fy)))];
  const rows = report.rows.map((row) => [[row.label], ...row.cells]);
  const widths = header.map((title, i) =>
    Math.max(displayWidth(title), ...rows.flatMap((row) => (row[i] ?? []).map(displayWidth))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const body = rows.flatMap((row) => {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, n) => line(row.map((cell) => cell[n] ?? '')));
  });
  return [line(header), rule, ...body].join('\n');
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2460-\u24ff]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}
