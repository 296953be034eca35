import { describe, expect, it } from '@jest/globals';
import type { ApplicationEvent } from '../applications/application-events.ts';
import {
  approver,
  caseworker,
  closed,
  command,
  completion,
  hospital,
  run,
  transitionSupportFacts,
  transitionStaffingFacts,
  transitionSupportTerms,
} from '../applications/__fixtures__/application-histories.ts';
import { grantRecords } from '../grants/__fixtures__/grant-records.ts';
import type { MultiYearGrantEvent } from '../grants/multi-year-grant.ts';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { completedTraining } from '../trainings/__fixtures__/completed-training.ts';
import { recipientProgramTimelineProjection } from './timeline-projection.ts';

const timeline = recipientProgramTimelineProjection(SEED_CATALOGUE);

const staffTraining = [
  ...completedTraining('common', '2015-07-01', 2015, 'nurse-7', 'hosp-1'),
  ...completedTraining('dischargeSupportBasic', '2015-10-01', 2015, 'nurse-7', 'hosp-1'),
  // another hospital's staff: not on this timeline
  ...completedTraining('common', '2015-07-01', 2015, 'nurse-9', 'hosp-2'),
];

function staffingCase(until: 'drafted' | 'granted' | 'closed'): ApplicationEvent[] {
  const terms = transitionSupportTerms({
    applicationId: 'staffing-2016',
    programId: 'transition-staffing',
    menuId: 'per-hospital',
    quantity: {},
    plannedExpenditure: 3_800_000,
  });
  let h = run([], command('DraftApplication', terms, '2016-04-04', hospital));
  if (until === 'drafted') return h;
  h = run(h, command('SubmitApplication', {}, '2016-04-08', hospital));
  h = run(h, command('StartReview', { facts: transitionStaffingFacts }, '2016-04-12', caseworker));
  h = run(h, command('DecideGrant', {}, '2016-05-02', approver));
  if (until === 'granted') return h;
  h = run(h, command('RecordPayment', { paymentId: 'p-1', amount: 3_600_000 }, '2016-05-20', caseworker));
  h = run(
    h,
    command('ReportPerformance', { actualExpenditure: 3_900_000, otherIncome: 0 }, '2017-04-06', hospital),
  );
  h = run(h, command('ConfirmAmount', {}, '2017-04-20', approver));
  return run(h, command('CloseApplication', {}, '2017-04-21', caseworker));
}

describe('the multi-year timeline of a recipient in a programme', () => {
  it('在宅療養移行体制確保事業: ① and ③ in FY2015 open the application of FY2015 itself and of every later year to 平成29年度 (27研修修了者: 27, 28, 29申請), with ② owed in FY2016', () => {
    const t = timeline.project('hosp-1', 'transition-staffing', staffTraining);
    expect(t.years.map((y) => y.fiscalYear)).toEqual([2015, 2016, 2017]);
    const [fy2015, fy2016] = t.years;
    expect(fy2015).toMatchObject({
      fiscalYearLabel: '平成27年度',
      trainingCompletions: [
        { personId: 'nurse-7', course: 'common', completedOn: '2015-07-01' },
        { personId: 'nurse-7', course: 'dischargeSupportBasic', completedOn: '2015-10-01' },
      ],
      obligations: [],
    });
    expect(fy2015?.applicationOpens).toEqual({
      opens: '2015-04-01',
      closes: '2016-02-29', // 確保事業's window runs to 2月末, after the year's courses
      enabledByTrainingIn: 2015,
      personIds: ['nurse-7'],
    });
    expect(fy2016).toMatchObject({
      fiscalYearLabel: '平成28年度',
      programYear: 1,
      rule: {
        versionId: 'H27',
        menus: [{ menuId: 'per-hospital', subsidyRate: '10/10', baseAmountRule: '3,600,000円 / hospital' }],
      },
      applicationOpens: {
        opens: '2016-04-01',
        closes: '2017-02-28',
        enabledByTrainingIn: 2015,
        personIds: ['nurse-7'],
      },
      obligations: [
        { personId: 'nurse-7', course: 'dischargeSupportAdvanced', dueFiscalYear: 2016, status: 'open' },
      ],
      nextAction: { fiscalYear: 2016, action: 'DraftApplication', dueDate: '2017-02-28' },
    });
    expect(t.years[2]?.applicationOpens).toMatchObject({ closes: '2018-02-28', enabledByTrainingIn: 2015 });
    // The earliest window first: apply in FY2015 itself, as the seed's schedule says.
    expect(t.nextAction).toEqual(fy2015?.nextAction);
    expect(t.nextAction).toMatchObject({
      fiscalYear: 2015,
      action: 'DraftApplication',
      dueDate: '2016-02-29',
    });
  });

  it('follows the FY2016 case from applied to decided to paid, the next action moving on', () => {
    const drafted = timeline.project('hosp-1', 'transition-staffing', [
      ...staffTraining,
      ...staffingCase('drafted'),
    ]);
    expect(drafted.nextAction).toMatchObject({
      applicationId: 'staffing-2016',
      action: 'SubmitApplication',
      dueDate: '2017-02-28', // 確保事業's window: until 2月末
    });

    const granted = timeline.project('hosp-1', 'transition-staffing', [
      ...staffTraining,
      ...staffingCase('granted'),
    ]);
    expect(granted.years[1]?.applications[0]).toMatchObject({
      stage: 'GrantDecided',
      appliedOn: '2016-04-08',
      decidedOn: '2016-05-02',
      grantedAmount: 3_600_000,
      subsidyRate: '10/10',
      baseAmount: 3_600_000,
      paid: 0,
    });
    expect(granted.nextAction).toMatchObject({ action: 'ReportPerformance', dueDate: '2017-04-10' });

    const done = timeline.project('hosp-1', 'transition-staffing', [
      ...staffTraining,
      ...staffingCase('closed'),
    ]);
    expect(done.years[1]?.applications[0]).toMatchObject({
      stage: 'Closed',
      reportedOn: '2017-04-06',
      confirmedOn: '2017-04-20',
      confirmedAmount: 3_600_000,
      paid: 3_600_000,
      endedOn: '2017-04-21',
    });
    // The FY2016 case is closed; the hospital may apply again in 平成29年度 (and FY2015's unused window is past).
    expect(done.nextAction).toMatchObject({ fiscalYear: 2017, action: 'DraftApplication' });
    // The ② duty stays shown for FY2016 until a ② completion is recorded.
    expect(done.years[1]?.obligations).toHaveLength(1);
    const withAdvanced = timeline.project('hosp-1', 'transition-staffing', [
      ...staffTraining,
      ...staffingCase('closed'),
      ...completedTraining('dischargeSupportAdvanced', '2016-11-01', 2016, 'nurse-7', 'hosp-1'),
    ]);
    expect(withAdvanced.years[1]?.obligations).toEqual([]);
  });

  it('在宅療養移行支援事業: programme year 1 at 10/10, year 2 at 1/2 (2 persons × 3,600千円)', () => {
    const yearTwo = transitionSupportTerms({ applicationId: 'app-2', fiscalYear: 2017, programYear: 2 });
    const yearTwoFacts = {
      ...transitionSupportFacts,
      staffTrainingCompletions: [completion('p-1', 'dischargeSupportAdvanced', 2016)],
      priorParticipation: [{ programId: 'transition-support', fiscalYear: fiscalYear(2016) }],
    };
    let second = run([], command('DraftApplication', yearTwo, '2017-04-03', hospital));
    second = run(second, command('SubmitApplication', {}, '2017-04-05', hospital));
    second = run(second, command('StartReview', { facts: yearTwoFacts }, '2017-04-06', caseworker));
    second = run(second, command('DecideGrant', {}, '2017-05-01', approver));
    const t = timeline.project('hosp-1', 'transition-support', [...closed, ...second]);
    expect(t.years.map((y) => [y.fiscalYear, y.programYear, y.rule?.menus[0]?.subsidyRate])).toEqual([
      [2016, 1, '10/10'],
      [2017, 2, '1/2'],
    ]);
    expect(t.years[0]?.rule?.menus[0]?.baseAmountRule).toBe('3,600,000円 / 人 (上限2名)');
    expect(t.years[1]?.applications[0]).toMatchObject({
      grantedAmount: 3_600_000,
      subsidyRate: '1/2',
      baseAmount: 7_200_000,
    });
    expect(t.years[0]?.applications[0]?.stage).toBe('Closed');
    expect(t.years[0]?.obligations).toEqual([]);
  });

  describe('given a year-1 grant of 在宅療養移行支援事業 (FY2016) and its grant record', () => {
    const recipient = { kind: 'hospital' as const, id: 'hosp-1', municipalityCode: '131016' };
    const advanced = grantRecords('hosp-1', [2017]);

    it('when the 1 April rollover advances it, then FY2017 shows programme year 2 at 1/2 before any FY2017 application, and asks for it', () => {
      expect(advanced.map((e) => e.type)).toEqual(['MultiYearGrantStarted', 'ProgramYearAdvanced']);
      const t = timeline.project('hosp-1', 'transition-support', [...closed, ...advanced]);
      expect(t.years.map((y) => [y.fiscalYear, y.programYear, y.rule?.menus[0]?.subsidyRate])).toEqual([
        [2016, 1, '10/10'],
        [2017, 2, '1/2'],
      ]);
      expect(t.years[0]?.grants).toEqual([
        expect.objectContaining({
          menuId: 'discharge-staff',
          programYear: 1,
          subsidyRate: '10/10',
          recorded: 'started',
        }),
      ]);
      expect(t.years[1]?.grants).toEqual([
        {
          menuId: 'discharge-staff',
          programYear: 2,
          subsidyRate: '1/2',
          baseAmount: '3,600,000円 / 人 (上限2名)',
          ruleVersionId: expect.any(String),
          recorded: 'advanced',
          previousSubsidyRate: '10/10',
          rateChanged: true,
          applicationWindow: { opens: '2017-04-01', closes: '2017-06-30' },
        },
      ]);
      expect(t.years[1]?.applications).toEqual([]);
      expect(t.nextAction).toMatchObject({
        fiscalYear: 2017,
        action: 'DraftApplication',
        dueDate: '2017-06-30',
      });
    });

    it('when the grant then ends (no third year), then the timeline says so and offers no further year', () => {
      const ended = grantRecords('hosp-1', [2017, 2018]);
      expect(ended.at(-1)?.type).toBe('MultiYearGrantEnded');
      const t = timeline.project('hosp-1', 'transition-support', [...closed, ...ended]);
      expect(t.years.map((y) => y.fiscalYear)).toEqual([2016, 2017]);
      expect(t.grantsEnded).toEqual([
        { menuId: 'discharge-staff', lastFiscalYear: 2017, reason: 'maxProgramYearsReached' },
      ]);
    });

    it('when the advance was recorded in schema version 1 (no menu in its data), then the menu is the one that reached the year before', () => {
      const v1 = advanced.map((e) =>
        e.type === 'ProgramYearAdvanced' ? { ...e, data: { ...e.data, menuId: undefined } } : e,
      ) as MultiYearGrantEvent[];
      const t = timeline.project('hosp-1', 'transition-support', [...closed, ...v1]);
      expect(t.years[1]?.grants?.[0]).toMatchObject({
        menuId: 'discharge-staff',
        programYear: 2,
        subsidyRate: '1/2',
      });
    });

    it("ignores another recipient's grant", () => {
      const foreign = advanced.map((e) => ({
        ...e,
        data: { ...e.data, recipient: { ...recipient, id: 'hosp-2' } },
      })) as MultiYearGrantEvent[];
      const t = timeline.project('hosp-1', 'transition-support', [...closed, ...foreign]);
      expect(t.years.map((y) => y.fiscalYear)).toEqual([2016]);
    });
  });

  it('ignores other recipients, other programmes and unrelated events', () => {
    const other = run(
      [],
      command(
        'DraftApplication',
        transitionSupportTerms({ recipient: { kind: 'hospital', id: 'hosp-2', municipalityCode: '131016' } }),
        '2016-04-05',
        caseworker,
      ),
    );
    const t = timeline.project('hosp-1', 'transition-support', [
      ...other,
      ...staffTraining,
      { type: 'SomethingElse', data: {} },
    ]);
    // The hospital's own training shows (FY2015), but opens nothing: this programme does not look at training.
    expect(t.years.map((y) => y.fiscalYear)).toEqual([2015]);
    expect(t.years[0]).toMatchObject({ applications: [], obligations: [] });
    expect(t.years[0]?.trainingCompletions.map((c) => c.personId)).toEqual(['nurse-7', 'nurse-7']);
    expect(t.years[0]?.applicationOpens).toBeUndefined();
    expect(t.nextAction).toBeUndefined();
  });

  it('is deterministic, plain JSON, and replays as of any point', () => {
    const events = [...staffTraining, ...staffingCase('closed')];
    const once = timeline.project('hosp-1', 'transition-staffing', events);
    const twice = timeline.project('hosp-1', 'transition-staffing', events);
    expect(twice).toEqual(once);
    expect(JSON.parse(JSON.stringify(once))).toEqual(once);
    const asOfGrant = timeline.project(
      'hosp-1',
      'transition-staffing',
      events.slice(0, staffTraining.length + 4),
    );
    expect(asOfGrant.years[1]?.applications[0]?.stage).toBe('GrantDecided');
    const stepwise = events.reduce(
      (t, e) => timeline.evolve(JSON.parse(JSON.stringify(t)), e),
      timeline.initial('hosp-1', 'transition-staffing'),
    );
    expect(stepwise).toEqual(once);
  });

  it('refuses an unknown programme at the start', () => {
    expect(() => timeline.initial('hosp-1', 'no-such-programme')).toThrow('UNKNOWN_PROGRAM');
  });
});
