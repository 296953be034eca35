import { describe, expect, it } from '@jest/globals';
import { parseFiscalYearLabel } from '../../shared/era.ts';
import { SubsidyProgramCatalogue } from '../programme-catalogue.ts';
import { SEED_CATALOGUE } from '../seed-catalogue.ts';
import type { CheckStatus } from './eligibility-check.ts';
import type { EligibilityFacts, TrainingCompletionFact, TrainingCourseId } from './eligibility-facts.ts';
import { evaluateEligibility } from './evaluate-eligibility.ts';

const fy = parseFiscalYearLabel;
const done = (personId: string, course: TrainingCourseId, label: string): TrainingCompletionFact => ({
  personId,
  course,
  fiscalYear: fy(label),
});

const smallHospital: EligibilityFacts['applicant'] = {
  kind: 'hospital',
  beds: 120,
  designatedSecondaryEmergency: false,
  psychiatric: false,
  municipal: false,
  metropolitan: false,
  independentAdministrativeAgency: false,
};

function evaluate(programId: string, facts: EligibilityFacts) {
  const result = evaluateEligibility(SEED_CATALOGUE, programId, facts);
  const status = (checkId: string): CheckStatus | undefined =>
    result.checks.find((c) => c.checkId === checkId)?.status;
  return { ...result, status };
}

describe('在宅療養移行体制確保事業 eligibility', () => {
  const eligible: EligibilityFacts = {
    fiscalYear: fy('H28'),
    programYear: 1,
    applicant: smallHospital,
    staffTrainingCompletions: [done('p1', 'common', 'H27'), done('p1', 'dischargeSupportAdvanced', 'H27')],
    acceptsPatientsOnConditionChange: true,
  };

  it('given a 120-bed private hospital with a ①+② completer from last year then every check passes', () => {
    const result = evaluate('transition-staffing', eligible);
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(result.eligible).toBe(true);
    expect(result.status('trainedStaff')).toBe('passed');
  });

  it('reads the bed limit from the version (data the office enters), citing it: 250 beds fail under 200, pass under 300', () => {
    const h27 = SEED_CATALOGUE.versionById('transition-staffing', 'H27');
    expect(h27.bedLimit?.value).toBe(200);
    const facts = { ...eligible, applicant: { ...smallHospital, beds: 250 } };
    const under200 = evaluate('transition-staffing', facts);
    expect(under200.checks.find((c) => c.checkId === 'bedsUnderLimit')).toMatchObject({
      status: 'failed',
      source: h27.bedLimit!.source,
    });
    const wider = new SubsidyProgramCatalogue([
      { ...h27, bedLimit: { value: 300, source: { seed: '要綱（例）', section: '第3条' } } },
    ]);
    const under300 = evaluateEligibility(wider, 'transition-staffing', facts);
    expect(under300.checks.find((c) => c.checkId === 'bedsUnderLimit')).toMatchObject({
      status: 'passed',
      reason: { ja: '病床数250床(300床未満)' },
      source: { seed: '要綱（例）', section: '第3条' },
    });
  });

  it.each([
    ['bedsUnderLimit', { beds: 200 }, '病床数200床は200床未満ではない'],
    [
      'notDesignatedSecondaryEmergency',
      { designatedSecondaryEmergency: true },
      '東京都指定二次救急医療機関に該当する',
    ],
    ['notPsychiatric', { psychiatric: true }, '精神科病院に該当する'],
    ['notMunicipal', { municipal: true }, '市町村立病院に該当する'],
    ['notMetropolitan', { metropolitan: true }, '都立病院に該当する'],
    [
      'notIndependentAdministrativeAgency',
      { independentAdministrativeAgency: true },
      '独立行政法人に該当する',
    ],
  ])('given a hospital failing %s then it is excluded', (checkId, change, reason) => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      applicant: { ...smallHospital, ...change },
    });
    expect(result.eligible).toBe(false);
    expect(result.status(checkId)).toBe('failed');
    expect(result.checks.find((c) => c.checkId === checkId)?.reason.ja).toBe(reason);
  });

  it('given a clinic then the recipient check fails with the expected kind', () => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      applicant: { ...smallHospital, kind: 'clinic' },
    });
    expect(result.status('recipientKind')).toBe('failed');
    expect(result.checks.find((c) => c.checkId === 'recipientKind')?.reason.ja).toContain(
      '診療所は補助対象者(病院)ではない',
    );
  });

  it('given the training was completed in the application year itself then it counts (27研修修了者 → 27申請・支払)', () => {
    const result = evaluate('transition-staffing', { ...eligible, fiscalYear: fy('H27') });
    expect(result.status('trainedStaff')).toBe('passed');
  });

  it('given the training is completed only after the application year then it does not count', () => {
    const result = evaluate('transition-staffing', { ...eligible, fiscalYear: fy('H26') });
    expect(result.status('trainedStaff')).toBe('failed');
  });

  it('given ① and ② held by different persons then nobody is a complete completer', () => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      staffTrainingCompletions: [done('p1', 'common', 'H27'), done('p2', 'dischargeSupportAdvanced', 'H27')],
    });
    expect(result.status('trainedStaff')).toBe('failed');
  });

  it('given a ①+③ completer from 平成27年度 applying in 平成28年度 then it passes with an open obligation to take ② in 平成28年度', () => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      staffTrainingCompletions: [done('p1', 'common', 'H27'), done('p1', 'dischargeSupportBasic', 'H27')],
    });
    expect(result.eligible).toBe(true);
    expect(result.obligations).toEqual([
      expect.objectContaining({
        personId: 'p1',
        course: 'dischargeSupportAdvanced',
        dueFiscalYear: 2016,
        status: 'open',
      }),
    ]);
    expect(result.obligations[0]?.reason.ja).toContain('平成28年度に②退院支援強化研修を受講すること');
  });

  it('given that ③ completer did not take ② in 平成28年度 then the 平成29年度 application fails the duty check', () => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      fiscalYear: fy('H29'),
      staffTrainingCompletions: [done('p1', 'common', 'H27'), done('p1', 'dischargeSupportBasic', 'H27')],
    });
    expect(result.status('advancedCourseDuty')).toBe('failed');
    expect(result.obligations[0]?.status).toBe('overdue');
  });

  it('given the ③ completer took ② in the following year then there is no obligation left', () => {
    const result = evaluate('transition-staffing', {
      ...eligible,
      fiscalYear: fy('H29'),
      staffTrainingCompletions: [
        done('p1', 'common', 'H27'),
        done('p1', 'dischargeSupportBasic', 'H27'),
        done('p1', 'dischargeSupportAdvanced', 'H28'),
      ],
    });
    expect(result.obligations).toEqual([]);
    expect(result.status('advancedCourseDuty')).toBe('passed');
  });

  it('given 平成30年度 then the period check fails (平成27–29年度)', () => {
    const result = evaluate('transition-staffing', { ...eligible, fiscalYear: fy('H30') });
    expect(result.status('period')).toBe('failed');
    expect(result.checks.find((c) => c.checkId === 'period')?.reason.ja).toContain('平成27年度〜平成29年度');
  });

  it('given no bed count then the check fails saying the fact is missing', () => {
    const { beds: _beds, ...withoutBeds } = smallHospital;
    const result = evaluate('transition-staffing', { ...eligible, applicant: withoutBeds });
    expect(result.checks.find((c) => c.checkId === 'bedsUnderLimit')?.reason.en).toBe(
      'beds was not provided',
    );
  });
});

describe('在宅療養移行支援事業 eligibility', () => {
  const emergencyHospital = { ...smallHospital, designatedSecondaryEmergency: true };
  const yearOne: EligibilityFacts = {
    fiscalYear: fy('H28'),
    programYear: 1,
    applicant: emergencyHospital,
    dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
    acceptsPatientsOnConditionChange: true,
  };
  const yearTwo: EligibilityFacts = {
    ...yearOne,
    fiscalYear: fy('H29'),
    programYear: 2,
    staffTrainingCompletions: [done('n1', 'dischargeSupportAdvanced', 'H28')],
    priorParticipation: [{ programId: 'transition-support', fiscalYear: fy('H28') }],
  };

  it('given a designated secondary emergency hospital under 200 beds newly meeting the standard then year 1 passes', () => {
    const result = evaluate('transition-support', yearOne);
    expect(result.eligible).toBe(true);
    expect(result.status('stillMeetsDischargeStandard')).toBe('notApplicable');
    expect(result.status('dischargeSupportAdvancedOnStaff')).toBe('notApplicable');
  });

  it('given a hospital that is not a designated secondary emergency hospital then it fails', () => {
    const result = evaluate('transition-support', { ...yearOne, applicant: smallHospital });
    expect(result.status('designatedSecondaryEmergency')).toBe('failed');
  });

  it('given the standard was already met before year 1 then it is not "newly" met', () => {
    const result = evaluate('transition-support', {
      ...yearOne,
      dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: true },
    });
    expect(result.status('newlyMeetsDischargeStandard')).toBe('failed');
  });

  it('given year 2 with the standard kept, a ② completer on staff and year 1 funded then it passes', () => {
    const result = evaluate('transition-support', yearTwo);
    expect(result.eligible).toBe(true);
    expect(result.status('newlyMeetsDischargeStandard')).toBe('notApplicable');
  });

  it.each([
    [
      'the standard lapsed',
      { dischargeSupportStandard: { metThisFiscalYear: false, metBeforeFirstProgramYear: false } },
      'stillMeetsDischargeStandard',
    ],
    [
      'no ② completer on staff',
      { staffTrainingCompletions: [done('n1', 'dischargeSupportBasic', 'H28')] },
      'dischargeSupportAdvancedOnStaff',
    ],
    ['year 1 was not funded last year', { priorParticipation: [] }, 'fundedInYearOne'],
    ['a third programme year', { programYear: 3 }, 'programYear'],
  ])('given year 2 where %s then %s fails', (_case, change, checkId) => {
    const result = evaluate('transition-support', { ...yearTwo, ...change });
    expect(result.status(checkId)).toBe('failed');
    expect(result.eligible).toBe(false);
  });
});

describe('在宅医等相互支援体制構築事業 eligibility', () => {
  const association: EligibilityFacts = {
    fiscalYear: fy('H29'),
    programYear: 1,
    applicant: { kind: 'districtMedicalAssociation' },
  };

  it('given a district association that has not run it in 平成29年度 then it passes', () => {
    expect(evaluate('physician-mutual-support', association).eligible).toBe(true);
  });

  it('given an association that ran it in 平成28年度 then it fails, naming the year', () => {
    const result = evaluate('physician-mutual-support', {
      ...association,
      priorParticipation: [{ programId: 'physician-mutual-support', fiscalYear: fy('H28') }],
    });
    expect(result.status('notRunBefore')).toBe('failed');
    expect(result.checks.find((c) => c.checkId === 'notRunBefore')?.reason.ja).toContain('平成28年度');
  });

  it('given 平成30年度 then the period check fails (平成29年度 only)', () => {
    expect(
      evaluate('physician-mutual-support', { ...association, fiscalYear: fy('H30') }).status('period'),
    ).toBe('failed');
  });

  it('given the 東京都医師会 then the "not run before" rule is not applicable', () => {
    const result = evaluate('physician-mutual-support', {
      ...association,
      applicant: { kind: 'tokyoMedicalAssociation' },
    });
    expect(result.status('notRunBefore')).toBe('notApplicable');
    expect(result.eligible).toBe(true);
  });
});

describe('other programmes', () => {
  it('given a municipality booking expenses in the long-term-care special account then 区市町村在宅療養推進事業 fails', () => {
    const result = evaluate('municipal-home-care-promotion', {
      fiscalYear: fy('H28'),
      programYear: 1,
      applicant: { kind: 'municipality' },
      expensesInLongTermCareSpecialAccount: true,
    });
    expect(result.status('longTermCareAccount')).toBe('failed');
    expect(result.checks.find((c) => c.checkId === 'longTermCareAccount')?.reason.ja).toContain(
      '介護保険特別会計',
    );
  });

  it('given an ICT network without liaison meetings then 多職種ネットワーク構築事業 fails on that requirement', () => {
    const result = evaluate('ict-network', {
      fiscalYear: fy('H29'),
      programYear: 1,
      applicant: { kind: 'districtMedicalAssociation' },
      ictNetwork: {
        municipalityCooperation: true,
        privacyAndAccidentPreventionMeasures: true,
        liaisonMeetingsAmongUsers: false,
      },
    });
    expect(result.checks.filter((c) => c.status === 'failed').map((c) => c.checkId)).toEqual([
      'liaisonMeetingsAmongUsers',
    ]);
  });

  it('given a residence applying for 看取り対応支援費補助 then it passes; a hospital does not', () => {
    const facts: EligibilityFacts = {
      fiscalYear: fy('H29'),
      programYear: 1,
      applicant: { kind: 'residence' },
    };
    expect(evaluate('end-of-life-care-allowance', facts).eligible).toBe(true);
    expect(evaluate('end-of-life-care-allowance', { ...facts, applicant: smallHospital }).eligible).toBe(
      false,
    );
  });
});
