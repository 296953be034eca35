import type { Actor, ApplicationRecipient, ApplicationRef, ReviewFacts } from '#domain';
import type { ScenarioStep } from './scenario.ts';

/**
 * 平成26–29年度 as the seeds describe them (000: the programmes, the training → next-year application →
 * payment chain of 在宅療養移行体制確保事業, the two-year 在宅療養移行支援事業; 003: 先駆 for 3 years; 002: a
 * designation round). Persons are pseudonymous ids; institutions are named only where a designation
 * publishes them.
 */
const caseworker: Actor = { id: 'cw-sim-1', role: 'caseworker' };
const approver: Actor = { id: 'ap-sim-1', role: 'approver' };
const trainer: Actor = { id: 'cw-sim-training', role: 'caseworker' };

const HACHIOJI = '132012';
const CHIYODA = '131016';
const MACHIDA = '132098';

const hospital = (id: string, municipalityCode: string): ApplicationRecipient => ({
  kind: 'hospital',
  id,
  municipalityCode,
});
const municipality = (code: string): ApplicationRecipient => ({
  kind: 'municipality',
  id: code,
  municipalityCode: code,
});
const actorOf = (recipient: ApplicationRecipient): Actor =>
  recipient.kind === 'municipality'
    ? { id: `muni-${recipient.id}`, role: 'municipality', municipalityCode: recipient.id }
    : { id: `inst-${recipient.id}`, role: 'institution', institutionId: recipient.id };

const jst = (date: string, time = '10:00'): string => `${date}T${time}:00+09:00`;

interface CaseSpec extends ApplicationRef {
  readonly quantity: Record<string, number>;
  readonly plannedExpenditure: number;
  readonly facts: ReviewFacts;
  /** Paid in advance after the decision (概算払), in yen. */
  readonly advance?: number;
  /** Reported and settled (in the following April), unless the simulation ends first. */
  readonly actualExpenditure: number;
}

/** One case from draft to closed: applied in April, decided in May, reported, confirmed and paid next spring. */
function applicationCase(spec: CaseSpec): ScenarioStep[] {
  const { applicationId, fiscalYear: fy, recipient } = spec;
  const applicant = actorOf(recipient);
  const label = (what: string) => `${spec.programId}/${applicationId}: ${what}`;
  const steps: ScenarioStep[] = [
    {
      at: jst(`${fy}-04-12`),
      label: label('申請'),
      run: async (act) => {
        const { facts: _facts, advance: _advance, actualExpenditure: _actual, ...terms } = spec;
        await act.application('DraftApplication', applicationId, { ...terms, otherIncome: 0 }, applicant);
        await act.application('SubmitApplication', applicationId, {}, applicant);
      },
    },
    {
      at: jst(`${fy}-04-22`),
      label: label('審査'),
      run: (act) => act.application('StartReview', applicationId, { facts: spec.facts }, caseworker),
    },
    {
      at: jst(`${fy}-05-10`),
      label: label('交付決定'),
      run: (act) => act.application('DecideGrant', applicationId, {}, approver),
    },
  ];
  if (spec.advance) {
    const amount = spec.advance;
    steps.push({
      at: jst(`${fy}-06-01`),
      label: label('概算払'),
      run: (act) =>
        act.application(
          'RecordPayment',
          applicationId,
          { paymentId: `${applicationId}-advance`, amount },
          caseworker,
        ),
    });
  }
  steps.push(
    {
      at: jst(`${fy + 1}-04-07`),
      label: label('実績報告'),
      run: (act) =>
        act.application(
          'ReportPerformance',
          applicationId,
          { actualExpenditure: spec.actualExpenditure, otherIncome: 0 },
          applicant,
        ),
    },
    {
      at: jst(`${fy + 1}-04-20`),
      label: label('額の確定'),
      run: (act) => act.application('ConfirmAmount', applicationId, {}, approver),
    },
  );
  return steps;
}

/** Pays what the confirmation left owing and closes the case (amount known from the seeds). */
function settle(applicationId: string, fy: number, programId: string, owed: number): ScenarioStep {
  return {
    at: jst(`${fy + 1}-05-01`),
    label: `${programId}/${applicationId}: 支払・完了`,
    run: async (act) => {
      if (owed > 0)
        await act.application(
          'RecordPayment',
          applicationId,
          { paymentId: `${applicationId}-final`, amount: owed },
          caseworker,
        );
      await act.application('CloseApplication', applicationId, {}, caseworker);
    },
  };
}

/** A one-session course offered in a fiscal year, attended and completed by the given staff. */
function course(
  courseId: 'common' | 'dischargeSupportAdvanced' | 'dischargeSupportBasic',
  fy: number,
  date: string,
  staff: readonly { readonly personId: string; readonly institutionId: string }[],
): ScenarioStep[] {
  const offeringId = `${courseId}-${fy}`;
  return [
    {
      at: jst(`${fy}-06-01`),
      label: `${offeringId}: 開催・受講申込`,
      run: async (act) => {
        await act.training(
          'OfferTraining',
          offeringId,
          { offeringId, courseId, fiscalYear: fy, sessions: [{ sessionId: 'course', date }] },
          trainer,
        );
        for (const s of staff) await act.training('EnrollParticipant', offeringId, s, trainer);
      },
    },
    {
      at: jst(date, '17:00'),
      label: `${offeringId}: 修了`,
      run: async (act) => {
        for (const { personId } of staff) {
          await act.training('RecordAttendance', offeringId, { personId, sessionId: 'course' }, trainer);
          await act.training('CompleteTraining', offeringId, { personId }, trainer);
        }
      },
    },
  ];
}

const MUNICIPAL_FACTS: ReviewFacts = {
  applicant: { kind: 'municipality' },
  expensesInLongTermCareSpecialAccount: false,
};
/** 200床未満の民間病院 (在宅療養移行体制確保事業). */
const SMALL_PRIVATE_HOSPITAL: ReviewFacts = {
  applicant: {
    kind: 'hospital',
    beds: 120,
    designatedSecondaryEmergency: false,
    psychiatric: false,
    independentAdministrativeAgency: false,
    municipal: false,
    metropolitan: false,
  },
  acceptsPatientsOnConditionChange: true,
};
/** 200床未満の指定二次救急医療機関, newly meeting 退院支援加算 (在宅療養移行支援事業). */
const SECONDARY_EMERGENCY_HOSPITAL: ReviewFacts = {
  applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
  dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
  acceptsPatientsOnConditionChange: true,
};

const pioneer = (fy: number, programYear: number): ScenarioStep[] => {
  const id = `sim-env-pioneer-${fy}`;
  return [
    ...applicationCase({
      applicationId: id,
      programId: 'home-care-environment',
      menuId: 'pioneer',
      fiscalYear: fy,
      programYear,
      recipient: municipality(HACHIOJI),
      quantity: { units: 1 },
      plannedExpenditure: 12_000_000,
      facts: { applicant: { kind: 'municipality' } },
      advance: 5_000_000,
      actualExpenditure: 11_000_000,
    }),
    settle(id, fy, 'home-care-environment', 5_000_000),
  ];
};

const staffing = (applicationId: string, fy: number, institutionId: string, municipalityCode: string) => [
  ...applicationCase({
    applicationId,
    programId: 'transition-staffing',
    menuId: 'per-hospital',
    fiscalYear: fy,
    programYear: 1,
    recipient: hospital(institutionId, municipalityCode),
    quantity: { hospitals: 1 },
    plannedExpenditure: 4_000_000,
    facts: SMALL_PRIVATE_HOSPITAL,
    actualExpenditure: 4_000_000,
  }),
  settle(applicationId, fy, 'transition-staffing', 3_600_000),
];

/** The designation round of 平成29年度: recommendations from a handful of municipalities (seed 002). */
function designationRound(fy: number): ScenarioStep[] {
  const recommend = (n: number, code: string, homeCareSupport = true) => ({
    recommendationId: `rec-${fy}-${n}`,
    municipalityCode: code,
    institution: { institutionId: `inst-d${n}`, name: `在宅療養支援診療所${n}`, homeCareSupport },
    consultation: { parties: ['地区医師会'], heldOn: `${fy}-12-10`, summary: '地区医師会と協議のうえ推薦' },
  });
  const recommendations = [
    recommend(1, CHIYODA),
    recommend(2, CHIYODA),
    recommend(3, HACHIOJI),
    recommend(4, MACHIDA),
    recommend(5, '131121'),
    recommend(6, '131130', false),
  ];
  return [
    {
      at: jst(`${fy}-12-15`),
      label: `designationRound-${fy}: 推薦`,
      run: async (act) => {
        for (const data of recommendations) {
          await act.round(fy, {
            type: 'RecommendInstitution',
            data,
            actor: {
              id: `muni-${data.municipalityCode}`,
              role: 'municipality',
              municipalityCode: data.municipalityCode,
            },
          });
        }
      },
    },
    {
      at: jst(`${fy}-12-20`),
      label: `designationRound-${fy}: 警告の確認`,
      run: (act) =>
        act.round(fy, {
          type: 'AcknowledgeRecommendationWarning',
          data: { recommendationId: `rec-${fy}-6` },
          actor: caseworker,
        }),
    },
    {
      at: jst(`${fy}-12-25`),
      label: `hubSurvey-${fy}: 回答`,
      run: async (act) => {
        for (const [code, answers] of [
          [CHIYODA, { 1: 'done', 2: 'done', 3: 'planned', 4: 'done', 5: 'planned' }],
          [HACHIOJI, { 1: 'done', 2: 'planned', 3: 'planned', 4: 'noAnswer', 5: 'done' }],
          [MACHIDA, { 1: 'planned', 2: 'planned', 3: 'planned', 4: 'planned', 5: 'planned' }],
        ] as const) {
          await act.hubSurvey(fy, {
            type: 'AnswerHubSurvey',
            data: { municipalityCode: code, answers },
            actor: { id: `muni-${code}`, role: 'municipality', municipalityCode: code },
          });
        }
      },
    },
  ];
}

export function seedScenario(): ScenarioStep[] {
  return [
    // 平成26年度: 先駆 (3 years at 10/10) starts; the training curricula are written (no events).
    ...pioneer(2014, 1),
    // 平成27年度: trainings run; 区市町村在宅療養推進事業 starts
    ...pioneer(2015, 2),
    ...applicationCase({
      applicationId: 'sim-promotion-2015',
      programId: 'municipal-home-care-promotion',
      menuId: 'medical-coordination',
      fiscalYear: 2015,
      programYear: 1,
      recipient: municipality(CHIYODA),
      quantity: { units: 1 },
      plannedExpenditure: 9_000_000,
      facts: MUNICIPAL_FACTS,
      actualExpenditure: 9_000_000,
    }),
    settle('sim-promotion-2015', 2015, 'municipal-home-care-promotion', 9_000_000),
    ...course('common', 2015, '2015-09-10', [
      { personId: 'p-001', institutionId: 'hosp-001' },
      { personId: 'p-002', institutionId: 'hosp-002' },
    ]),
    ...course('dischargeSupportAdvanced', 2015, '2015-10-05', [
      { personId: 'p-002', institutionId: 'hosp-002' },
    ]),
    ...course('dischargeSupportBasic', 2015, '2015-11-12', [
      { personId: 'p-001', institutionId: 'hosp-001' },
    ]),
    // 平成28年度: 27研修修了者 apply (opened by the rollover); 在宅療養移行支援事業 year 1 at 10/10
    ...pioneer(2016, 3),
    ...staffing('sim-staffing-2016-001', 2016, 'hosp-001', CHIYODA),
    ...staffing('sim-staffing-2016-002', 2016, 'hosp-002', HACHIOJI),
    ...applicationCase({
      applicationId: 'sim-support-2016',
      programId: 'transition-support',
      menuId: 'discharge-staff',
      fiscalYear: 2016,
      programYear: 1,
      recipient: hospital('hosp-101', '131113'),
      quantity: { persons: 2 },
      plannedExpenditure: 8_000_000,
      facts: SECONDARY_EMERGENCY_HOSPITAL,
      advance: 7_200_000,
      actualExpenditure: 8_000_000,
    }),
    settle('sim-support-2016', 2016, 'transition-support', 0),
    ...course('common', 2016, '2016-09-08', [{ personId: 'p-003', institutionId: 'hosp-003' }]),
    ...course('dischargeSupportAdvanced', 2016, '2016-10-06', [
      { personId: 'p-001', institutionId: 'hosp-001' }, // the ② owed by a ③ completer of 平成27年度
      { personId: 'p-101', institutionId: 'hosp-101' }, // year 2 of 移行支援 needs a ② completer on staff
    ]),
    ...course('dischargeSupportBasic', 2016, '2016-11-10', [
      { personId: 'p-003', institutionId: 'hosp-003' },
    ]),
    // 平成29年度: 28研修修了者 apply; 移行支援 year 2 at 1/2; 小児等在宅医療推進事業 starts; a designation round
    ...staffing('sim-staffing-2017-003', 2017, 'hosp-003', '131121'),
    ...applicationCase({
      applicationId: 'sim-support-2017',
      programId: 'transition-support',
      menuId: 'discharge-staff',
      fiscalYear: 2017,
      programYear: 2,
      recipient: hospital('hosp-101', '131113'),
      quantity: { persons: 3 },
      plannedExpenditure: 8_000_000,
      facts: SECONDARY_EMERGENCY_HOSPITAL,
      advance: 3_600_000,
      actualExpenditure: 8_000_000,
    }),
    ...applicationCase({
      applicationId: 'sim-pediatric-2017',
      programId: 'pediatric-home-care',
      menuId: 'pediatric-home-care',
      fiscalYear: 2017,
      programYear: 1,
      recipient: municipality(MACHIDA),
      quantity: { units: 1 },
      plannedExpenditure: 10_000_000,
      facts: MUNICIPAL_FACTS,
      advance: 10_000_000,
      actualExpenditure: 10_000_000,
    }),
    ...course('common', 2017, '2017-09-07', [{ personId: 'p-004', institutionId: 'hosp-004' }]),
    ...course('dischargeSupportAdvanced', 2017, '2017-10-05', [
      { personId: 'p-003', institutionId: 'hosp-003' },
      { personId: 'p-004', institutionId: 'hosp-004' },
    ]),
    ...designationRound(2017),
  ];
}
