import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PROGRAM_SCHEDULE } from '../rules/program-schedule.ts';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import {
  fiscalYearRolloverDecider,
  type FiscalYearRolloverCommand,
  type FiscalYearRolloverEvent,
  type InstitutionTraining,
} from './fiscal-year-rollover.ts';

const given = deciderSpec(fiscalYearRolloverDecider(SEED_CATALOGUE, DEFAULT_PROGRAM_SCHEDULE));
const completed = (
  personId: string,
  course: 'common' | 'dischargeSupportBasic' | 'dischargeSupportAdvanced',
  fy: number,
) => ({
  personId,
  course,
  fiscalYear: fiscalYear(fy),
});
const rollOver = (fy: number, institutions: InstitutionTraining[]): FiscalYearRolloverCommand => ({
  type: 'RollOverFiscalYear',
  data: { fiscalYear: fy, institutions },
  actor: { id: 'system:fiscal-year-rollover', role: 'system' },
  at: new Date(`${fy}-04-01T00:00:00+09:00`),
});
const trainedIn2016: InstitutionTraining = {
  institutionId: 'hosp-b',
  completions: [completed('nurse-1', 'common', 2016), completed('nurse-1', 'dischargeSupportBasic', 2016)],
};
const trainedIn2015: InstitutionTraining = {
  institutionId: 'hosp-a',
  completions: [completed('nurse-9', 'common', 2015), completed('nurse-9', 'dischargeSupportAdvanced', 2015)],
};
const typesOf = (events: readonly FiscalYearRolloverEvent[]) => events.map((e) => e.type);

describe('fiscal-year rollover (年度更新)', () => {
  it('given ① and ③ completed in FY2016 (and ① and ② in FY2015 elsewhere), when FY2017 begins, then 在宅療養移行体制確保事業 opens again for both hospitals and ② falls due', () => {
    const events = given([])
      .when(rollOver(2017, [trainedIn2016, trainedIn2015]))
      .events();
    expect(typesOf(events)).toEqual([
      'ApplicationsOpenedByTraining',
      'TrainingObligationsRaised',
      'FiscalYearRolledOver',
    ]);
    expect(events[0]!.data).toEqual({
      fiscalYear: 2017,
      programId: 'transition-staffing',
      opens: expect.stringMatching(/^2017-/),
      closes: '2018-02-28',
      // 27研修修了者 apply in 27, 28 and 29: hosp-a, trained in FY2015, applies again this year
      institutions: [
        { institutionId: 'hosp-a', enabledByTrainingIn: 2015, personIds: ['nurse-9'] },
        { institutionId: 'hosp-b', enabledByTrainingIn: 2016, personIds: ['nurse-1'] },
      ],
    });
    expect(events[1]!.data).toEqual({
      fiscalYear: 2017,
      obligations: [
        {
          institutionId: 'hosp-b',
          personId: 'nurse-1',
          course: 'dischargeSupportAdvanced',
          dueFiscalYear: 2017,
        },
      ],
    });
    expect(events[2]!.data).toEqual({ fiscalYear: 2017, rolledOverOn: '2017-04-01' });
  });

  it('raises no obligation for a ③ completer who already took ②', () => {
    const both: InstitutionTraining = {
      institutionId: 'hosp-c',
      completions: [
        completed('nurse-2', 'common', 2016),
        completed('nurse-2', 'dischargeSupportBasic', 2016),
        completed('nurse-2', 'dischargeSupportAdvanced', 2016),
      ],
    };
    expect(
      typesOf(
        given([])
          .when(rollOver(2017, [both]))
          .events(),
      ),
    ).toEqual(['ApplicationsOpenedByTraining', 'FiscalYearRolledOver']);
  });

  it('opens nothing in a year no training programme is in force (FY2019), and still records the rollover', () => {
    const trainedIn2018 = {
      institutionId: 'hosp-d',
      completions: [
        completed('nurse-3', 'common', 2018),
        completed('nurse-3', 'dischargeSupportAdvanced', 2018),
      ],
    };
    expect(
      typesOf(
        given([])
          .when(rollOver(2019, [trainedIn2018]))
          .events(),
      ),
    ).not.toContain('ApplicationsOpenedByTraining');
  });

  it('rolls over once: the same fiscal year again records nothing', () => {
    const first = given([])
      .when(rollOver(2017, [trainedIn2016]))
      .events();
    given(first)
      .when(rollOver(2017, [trainedIn2016]))
      .then([]);
  });

  it('refuses a fiscal year that is not a whole number', () => {
    given([]).when(rollOver(2017.5, [])).thenThrows('INVALID_FISCAL_YEAR');
  });
});
