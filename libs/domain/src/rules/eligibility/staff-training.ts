import { formatFiscalYearLabel } from '../../shared/era.ts';
import { type FiscalYear, fiscalYear } from '../../shared/fiscal-year.ts';
import type { SeedCitation } from '../seed-citation.ts';
import { type EligibilityCheck, failed, notApplicable, passed } from './eligibility-check.ts';
import type { TrainingCompletionFact, TrainingCourseId } from './eligibility-facts.ts';

/** ③修了者は翌年度②を受講すること: an open duty on a person, or one already missed. */
export interface TrainingObligation {
  readonly personId: string;
  readonly course: TrainingCourseId;
  readonly dueFiscalYear: FiscalYear;
  readonly status: 'open' | 'overdue';
  readonly reason: { readonly ja: string; readonly en: string };
}

interface PersonTraining {
  readonly personId: string;
  readonly common?: FiscalYear;
  readonly advanced?: FiscalYear;
  readonly basic?: FiscalYear;
}

function earliest(
  completions: readonly TrainingCompletionFact[],
  course: TrainingCourseId,
): FiscalYear | undefined {
  const years = completions.filter((c) => c.course === course).map((c) => c.fiscalYear);
  return years.length === 0 ? undefined : fiscalYear(Math.min(...years));
}

/** Only completions from fiscal years up to `countsUntil` count (a course finished later is not yet done). */
function trainingByPerson(
  completions: readonly TrainingCompletionFact[],
  countsUntil: FiscalYear,
): PersonTraining[] {
  const counted = completions.filter((c) => c.fiscalYear <= countsUntil);
  const personIds = [...new Set(counted.map((c) => c.personId))].sort();
  return personIds.map((personId) => {
    const own = counted.filter((c) => c.personId === personId);
    const common = earliest(own, 'common');
    const advanced = earliest(own, 'dischargeSupportAdvanced');
    const basic = earliest(own, 'dischargeSupportBasic');
    return { personId, ...(common && { common }), ...(advanced && { advanced }), ...(basic && { basic }) };
  });
}

const qualifies = (p: PersonTraining): boolean =>
  p.common !== undefined && (p.advanced ?? p.basic) !== undefined;

/**
 * ①共通研修 and (②退院支援強化研修 or ③退院支援人材育成研修) completed by one person on staff, each in a
 * fiscal year at least `offset` years before the application (確保事業: offset 0, 研修修了 in FY N → 申請 in
 * FY N and in every later year).
 */
export function trainedStaffCheck(
  completions: readonly TrainingCompletionFact[],
  applicationYear: FiscalYear,
  offset: number,
  source?: SeedCitation,
): EligibilityCheck {
  const countsUntil = fiscalYear(applicationYear - offset);
  const persons = trainingByPerson(completions, countsUntil).filter(qualifies);
  const until = formatFiscalYearLabel(countsUntil);
  if (persons.length === 0) {
    return failed(
      'trainedStaff',
      {
        ja: `${until}までに①共通研修及び②又は③の研修を修了した職員がいない`,
        en: `no staff member completed ① and (② or ③) by FY${countsUntil}`,
      },
      source,
    );
  }
  const ids = persons.map((p) => p.personId).join(', ');
  return passed(
    'trainedStaff',
    {
      ja: `研修修了者(${ids})を院内に配置(${until}までに修了)`,
      en: `trained staff on site: ${ids} (by FY${countsUntil})`,
    },
    source,
  );
}

/** Every ③ completer without ② by the following fiscal year carries a duty to take ②. */
export function advancedCourseObligations(
  completions: readonly TrainingCompletionFact[],
  applicationYear: FiscalYear,
): TrainingObligation[] {
  return trainingByPerson(completions, applicationYear).flatMap((p) => {
    if (p.basic === undefined) return [];
    const due = fiscalYear(p.basic + 1);
    if (p.advanced !== undefined && p.advanced <= due) return [];
    const status = applicationYear <= due ? 'open' : 'overdue';
    const label = formatFiscalYearLabel(due);
    return [
      {
        personId: p.personId,
        course: 'dischargeSupportAdvanced' as const,
        dueFiscalYear: due,
        status,
        reason: {
          ja: `③退院支援人材育成研修の修了者は${label}に②退院支援強化研修を受講すること${status === 'overdue' ? '(未受講)' : ''}`,
          en: `③ completer must take ② in FY${due}${status === 'overdue' ? ' (missed)' : ''}`,
        },
      },
    ];
  });
}

/**
 * Among the staff who make the hospital eligible, at least one must have ② or still be within the year
 * in which a ③ completer has to take it.
 */
export function advancedCourseDutyCheck(
  completions: readonly TrainingCompletionFact[],
  applicationYear: FiscalYear,
  offset: number,
  source?: SeedCitation,
): EligibilityCheck {
  const qualified = trainingByPerson(completions, fiscalYear(applicationYear - offset)).filter(qualifies);
  if (qualified.length === 0) {
    return notApplicable('advancedCourseDuty', { ja: '研修修了者なし', en: 'no trained staff to look at' });
  }
  const overdue = new Set(
    advancedCourseObligations(completions, applicationYear)
      .filter((o) => o.status === 'overdue')
      .map((o) => o.personId),
  );
  const inGoodStanding = qualified.filter((p) => !overdue.has(p.personId));
  if (inGoodStanding.length > 0) {
    return passed(
      'advancedCourseDuty',
      { ja: '③修了者の翌年度②受講義務を満たしている', en: 'the ③ → ② follow-up duty is met or still open' },
      source,
    );
  }
  return failed(
    'advancedCourseDuty',
    {
      ja: '③修了者が翌年度に②退院支援強化研修を受講していない',
      en: 'the ③ completers did not take ② in the following fiscal year',
    },
    source,
  );
}

export function completedCourseCheck(
  checkId: string,
  completions: readonly TrainingCompletionFact[],
  course: TrainingCourseId,
  countsUntil: FiscalYear,
  text: { ja: string; en: string },
  source?: SeedCitation,
): EligibilityCheck {
  const persons = completions
    .filter((c) => c.course === course && c.fiscalYear <= countsUntil)
    .map((c) => c.personId);
  if (persons.length === 0) {
    return failed(
      checkId,
      { ja: `${text.ja}の受講生が院内にいない`, en: `no ${text.en} completer on staff` },
      source,
    );
  }
  return passed(
    checkId,
    {
      ja: `${text.ja}の受講生を院内に配置(${[...new Set(persons)].join(', ')})`,
      en: `${text.en} completer on staff`,
    },
    source,
  );
}
