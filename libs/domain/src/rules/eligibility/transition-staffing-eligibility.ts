import { SEED_000, cite } from '../seed-citation.ts';
import { bedsUnderLimitCheck, flagCheck } from './common-checks.ts';
import type { ProgramEligibilityRule } from './program-eligibility.ts';
import { advancedCourseDutyCheck, advancedCourseObligations, trainedStaffCheck } from './staff-training.ts';

const RECIPIENTS = cite(SEED_000, '在宅療養移行体制確保事業 / 【補助対象者】');
const REQUIREMENTS = cite(SEED_000, '在宅療養移行体制確保事業 / 【補助要件】');

/** Hospitals the programme leaves out even under 200 beds (但し…除く). */
const EXCLUSIONS = [
  {
    checkId: 'notDesignatedSecondaryEmergency',
    flag: 'designatedSecondaryEmergency',
    ja: '東京都指定二次救急医療機関',
    en: 'designated secondary emergency hospital',
  },
  { checkId: 'notPsychiatric', flag: 'psychiatric', ja: '精神科病院', en: 'psychiatric hospital' },
  {
    checkId: 'notIndependentAdministrativeAgency',
    flag: 'independentAdministrativeAgency',
    ja: '独立行政法人',
    en: 'independent administrative agency',
  },
  { checkId: 'notMunicipal', flag: 'municipal', ja: '市町村立病院', en: 'municipal hospital' },
  { checkId: 'notMetropolitan', flag: 'metropolitan', ja: '都立病院', en: 'metropolitan hospital' },
] as const;

/** 在宅療養移行体制確保事業 (seed 000). */
export const transitionStaffingEligibility: ProgramEligibilityRule = (version, facts) => {
  const offset = version.trainingToApplicationOffset?.value ?? 1;
  const completions = facts.staffTrainingCompletions ?? [];
  const exclusions = EXCLUSIONS.map((e) =>
    flagCheck(e.checkId, facts.applicant[e.flag], false, { ja: e.ja, en: e.en, field: e.flag }, RECIPIENTS),
  );
  return {
    checks: [
      bedsUnderLimitCheck(version, facts.applicant),
      ...exclusions,
      trainedStaffCheck(completions, facts.fiscalYear, offset, REQUIREMENTS),
      advancedCourseDutyCheck(completions, facts.fiscalYear, offset, REQUIREMENTS),
      flagCheck(
        'acceptsPatientsOnConditionChange',
        facts.acceptsPatientsOnConditionChange,
        true,
        {
          ja: '在宅療養患者の病状変化時の受入れ体制の確保',
          en: 'accepts home-care patients whose condition changes',
          field: 'acceptsPatientsOnConditionChange',
        },
        REQUIREMENTS,
      ),
    ],
    obligations: advancedCourseObligations(completions, facts.fiscalYear),
  };
};
