import { formatFiscalYearLabel } from '../../shared/era.ts';
import type { FiscalYear } from '../../shared/fiscal-year.ts';
import { type SubsidyProgramVersion, isInForce } from '../programme-catalogue.ts';
import { type EligibilityCheck, failed, notApplicable, requirement } from './eligibility-check.ts';
import type { ApplicantFacts, EligibilityFacts } from './eligibility-facts.ts';

/** The kinds of recipient (and of applicant) as the seeds name them. */
export const RECIPIENT_LABELS: Record<ApplicantFacts['kind'], string> = {
  municipality: '区市町村',
  districtMedicalAssociation: '地区医師会',
  tokyoMedicalAssociation: '東京都医師会',
  hospital: '病院',
  clinic: '診療所',
  residence: '看取り期まで対応する小規模な地域の住まい',
};

function periodLabel(version: SubsidyProgramVersion): string {
  const { from, until } = version.period.value;
  return `${formatFiscalYearLabel(from)}〜${until === undefined ? '' : formatFiscalYearLabel(until)}`;
}

export function periodCheck(version: SubsidyProgramVersion, fy: FiscalYear): EligibilityCheck {
  const period = periodLabel(version);
  return requirement(
    'period',
    isInForce(version, fy),
    {
      ja: `${formatFiscalYearLabel(fy)}は補助期間(${period})内`,
      en: `FY${fy} is within the period ${period}`,
    },
    {
      ja: `${formatFiscalYearLabel(fy)}は補助期間(${period})外`,
      en: `FY${fy} is outside the programme period ${period}`,
    },
    version.period.source,
  );
}

export function programYearCheck(version: SubsidyProgramVersion, programYear: number): EligibilityCheck {
  const max = version.maxProgramYears;
  if (!max)
    return notApplicable('programYear', { ja: '補助年数の上限なし', en: 'no limit on programme years' });
  return requirement(
    'programYear',
    programYear >= 1 && programYear <= max.value,
    {
      ja: `補助${programYear}年目(上限${max.value}年)`,
      en: `programme year ${programYear} of at most ${max.value}`,
    },
    {
      ja: `補助${programYear}年目は上限${max.value}年を超える`,
      en: `programme year ${programYear} exceeds the limit of ${max.value}`,
    },
    max.source,
  );
}

export function recipientCheck(version: SubsidyProgramVersion, applicant: ApplicantFacts): EligibilityCheck {
  const allowed = version.recipientKinds.value;
  const expected = allowed.map((kind) => RECIPIENT_LABELS[kind]).join('・');
  return requirement(
    'recipientKind',
    (allowed as readonly string[]).includes(applicant.kind),
    {
      ja: `補助対象者(${expected})に該当`,
      en: `the applicant is an eligible recipient (${allowed.join(', ')})`,
    },
    {
      ja: `${RECIPIENT_LABELS[applicant.kind]}は補助対象者(${expected})ではない`,
      en: `a ${applicant.kind} is not an eligible recipient (${allowed.join(', ')})`,
    },
    version.recipientKinds.source,
  );
}

/** 介護保険特別会計に計上している経費は原則申請できない (the municipal programmes of seed 000). */
export function longTermCareAccountCheck(
  version: SubsidyProgramVersion,
  facts: EligibilityFacts,
): EligibilityCheck {
  const note = version.notes.find((n) => n.ja.includes('介護保険特別会計'));
  if (!note) {
    return notApplicable('longTermCareAccount', {
      ja: '介護保険特別会計に関する制限なし',
      en: 'no long-term-care account restriction',
    });
  }
  if (facts.expensesInLongTermCareSpecialAccount === undefined) {
    return failed(
      'longTermCareAccount',
      notProvided('介護保険特別会計への計上の有無', 'expensesInLongTermCareSpecialAccount'),
      note.source,
    );
  }
  return requirement(
    'longTermCareAccount',
    !facts.expensesInLongTermCareSpecialAccount,
    {
      ja: '介護保険特別会計に計上した経費を含まない',
      en: 'no expenses booked in the long-term-care special account',
    },
    { ja: note.ja, en: note.en },
    note.source,
  );
}

/** A fact the rule needs was not given: the check fails rather than guessing in the applicant's favour. */
export function notProvided(ja: string, field: string): { ja: string; en: string } {
  return { ja: `${ja}が未確認`, en: `${field} was not provided` };
}

export function flagCheck(
  checkId: string,
  value: boolean | undefined,
  expected: boolean,
  text: { ja: string; en: string; field: string },
  source?: EligibilityCheck['source'],
): EligibilityCheck {
  if (value === undefined) return failed(checkId, notProvided(text.ja, text.field), source);
  return requirement(
    checkId,
    value === expected,
    {
      ja: `${text.ja}: ${expected ? '該当' : '非該当'}`,
      en: `${text.en}: ${expected ? 'yes' : 'no'} as required`,
    },
    {
      ja: `${text.ja}に${expected ? '該当しない' : '該当する'}`,
      en: `${text.en}: ${value ? 'yes' : 'no'}, required ${expected ? 'yes' : 'no'}`,
    },
    source,
  );
}

/**
 * 病床数: fewer beds than the version's limit (`bedLimit`, data of the catalogue: 200 in the seeds).
 * A version without one has no bed requirement (the check is not applicable).
 */
export function bedsUnderLimitCheck(
  version: SubsidyProgramVersion,
  applicant: ApplicantFacts,
): EligibilityCheck {
  const limit = version.bedLimit;
  if (!limit) return notApplicable('bedsUnderLimit', { ja: '病床数の要件なし', en: 'no bed limit' });
  const { value: max, source } = limit;
  if (applicant.beds === undefined) return failed('bedsUnderLimit', notProvided('病床数', 'beds'), source);
  return requirement(
    'bedsUnderLimit',
    applicant.beds < max,
    { ja: `病床数${applicant.beds}床(${max}床未満)`, en: `${applicant.beds} beds (under ${max})` },
    {
      ja: `病床数${applicant.beds}床は${max}床未満ではない`,
      en: `${applicant.beds} beds is not under ${max}`,
    },
    source,
  );
}

export function hasPassedAll(checks: readonly EligibilityCheck[]): boolean {
  return checks.every((check) => check.status !== 'failed');
}
