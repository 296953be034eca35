import { formatFiscalYearLabel } from '../../shared/era.ts';
import { fiscalYear } from '../../shared/fiscal-year.ts';
import { SEED_000, cite } from '../seed-citation.ts';
import { bedsUnderLimitCheck, flagCheck, notProvided } from './common-checks.ts';
import { type EligibilityCheck, failed, notApplicable, requirement } from './eligibility-check.ts';
import type { DischargeSupportStandardFact, EligibilityFacts } from './eligibility-facts.ts';
import type { ProgramEligibilityRule } from './program-eligibility.ts';
import { completedCourseCheck } from './staff-training.ts';

const REQUIREMENTS = cite(SEED_000, '在宅療養移行支援事業 / 【補助要件】');

function onlyInYear(year: 1 | 2, facts: EligibilityFacts, checkId: string, check: () => EligibilityCheck) {
  return facts.programYear === year
    ? check()
    : notApplicable(checkId, {
        ja: `補助${year}ヶ年目のみ適用`,
        en: `applies in programme year ${year} only`,
      });
}

/** The 退院支援加算 checks need the standard's facts; without them the check fails and says so. */
function withStandard(
  facts: EligibilityFacts,
  checkId: string,
  check: (standard: DischargeSupportStandardFact) => EligibilityCheck,
): EligibilityCheck {
  const standard = facts.dischargeSupportStandard;
  if (!standard) {
    return failed(checkId, notProvided('退院支援加算の施設基準', 'dischargeSupportStandard'), REQUIREMENTS);
  }
  return check(standard);
}

/** Year 1: 退院支援加算の施設基準を新たに充足 (discharge unit and the nurse / social worker staffing). */
function newlyMeetsStandard(facts: EligibilityFacts): EligibilityCheck {
  return withStandard(facts, 'newlyMeetsDischargeStandard', (standard) =>
    requirement(
      'newlyMeetsDischargeStandard',
      standard.metThisFiscalYear && !standard.metBeforeFirstProgramYear,
      { ja: '新たに退院支援加算の施設基準を充足', en: 'newly meets the 退院支援加算 facility standard' },
      standard.metThisFiscalYear
        ? {
            ja: '退院支援加算の施設基準を補助開始前から充足しており「新たに」に当たらない',
            en: 'the standard was already met before year 1, so it is not newly met',
          }
        : {
            ja: '退院支援加算の施設基準を充足していない',
            en: 'does not meet the 退院支援加算 facility standard',
          },
      REQUIREMENTS,
    ),
  );
}

/** Year 2: 施設基準を継続 */
function stillMeetsStandard(facts: EligibilityFacts): EligibilityCheck {
  return withStandard(facts, 'stillMeetsDischargeStandard', (standard) =>
    requirement(
      'stillMeetsDischargeStandard',
      standard.metThisFiscalYear,
      { ja: '退院支援加算の施設基準を継続', en: 'still meets the 退院支援加算 facility standard' },
      {
        ja: '退院支援加算の施設基準を継続していない',
        en: 'no longer meets the 退院支援加算 facility standard',
      },
      REQUIREMENTS,
    ),
  );
}

/** Year 2 follows a funded year 1 in the previous fiscal year. */
function fundedLastYear(facts: EligibilityFacts, programId: string): EligibilityCheck {
  const lastYear = fiscalYear(facts.fiscalYear - 1);
  const funded = (facts.priorParticipation ?? []).some(
    (p) => p.programId === programId && p.fiscalYear === lastYear,
  );
  return requirement(
    'fundedInYearOne',
    funded,
    {
      ja: `${formatFiscalYearLabel(lastYear)}に補助1ヶ年目を実施`,
      en: `programme year 1 was funded in FY${lastYear}`,
    },
    {
      ja: `${formatFiscalYearLabel(lastYear)}に補助1ヶ年目の実績がない`,
      en: `no funded programme year 1 in FY${lastYear}`,
    },
    cite(SEED_000, '在宅療養移行支援事業 / 補助対象期間'),
  );
}

/** 在宅療養移行支援事業 (seed 000): 200床未満の指定二次救急医療機関, two programme years. */
export const transitionSupportEligibility: ProgramEligibilityRule = (version, facts) => ({
  checks: [
    flagCheck(
      'designatedSecondaryEmergency',
      facts.applicant.designatedSecondaryEmergency,
      true,
      {
        ja: '指定二次救急医療機関',
        en: 'designated secondary emergency hospital',
        field: 'designatedSecondaryEmergency',
      },
      REQUIREMENTS,
    ),
    bedsUnderLimitCheck(version, facts.applicant),
    onlyInYear(1, facts, 'newlyMeetsDischargeStandard', () => newlyMeetsStandard(facts)),
    onlyInYear(2, facts, 'stillMeetsDischargeStandard', () => stillMeetsStandard(facts)),
    onlyInYear(2, facts, 'dischargeSupportAdvancedOnStaff', () =>
      completedCourseCheck(
        'dischargeSupportAdvancedOnStaff',
        facts.staffTrainingCompletions ?? [],
        'dischargeSupportAdvanced',
        facts.fiscalYear,
        { ja: '退院支援強化研修', en: 'discharge support (advanced) training' },
        REQUIREMENTS,
      ),
    ),
    onlyInYear(2, facts, 'fundedInYearOne', () => fundedLastYear(facts, version.programId)),
    flagCheck(
      'acceptsPatientsOnConditionChange',
      facts.acceptsPatientsOnConditionChange,
      true,
      {
        ja: '在宅療養患者の病状変化時における受入体制の確保',
        en: 'accepts home-care patients whose condition changes',
        field: 'acceptsPatientsOnConditionChange',
      },
      REQUIREMENTS,
    ),
  ],
});
