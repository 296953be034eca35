import { describe, expect, it } from '@jest/globals';
import type { Schemas } from '../../api/client.ts';
import { percentOf, yearRowOf } from './timeline-rows.ts';

type Year = Schemas['RecipientTimelineDto']['timeline']['years'][number];
type Application = Year['applications'][number];

const application = (over: Partial<Application>): Application => ({
  applicationId: 'a',
  menuId: 'discharge-staff',
  programYear: 1,
  stage: 'GrantDecided',
  paid: 0,
  refunded: 0,
  state: {},
  ...over,
});

const year = (over: Partial<Year>): Year => ({
  fiscalYear: 2017,
  fiscalYearLabel: '平成29年度',
  trainingCompletions: [],
  applications: [],
  obligations: [],
  ...over,
});

describe('a timeline year as the chart and table show it', () => {
  it('reads a rate "a/b" as a percentage for the chart, and nothing else', () => {
    expect(percentOf('10/10')).toBe(100);
    expect(percentOf('1/2')).toBe(50);
    expect(percentOf('2/3')).toBeCloseTo(66.67, 2);
    expect(percentOf('1/0')).toBeNull();
    expect(percentOf('定額')).toBeNull();
    expect(percentOf(undefined)).toBeNull();
  });

  it('takes the rate from the grant record before the cases and the rule, and says when it changed', () => {
    const row = yearRowOf(
      year({
        programYear: 2,
        rule: {
          versionId: 'v',
          programYear: 2,
          menus: [{ menuId: 'm', subsidyRate: '1/3', baseAmountRule: '' }],
        },
        applications: [application({ programYear: 2, subsidyRate: '1/3' })],
        grants: [
          {
            menuId: 'discharge-staff',
            programYear: 2,
            subsidyRate: '1/2',
            baseAmount: '3600000',
            ruleVersionId: 'v',
            recorded: 'advanced',
            previousSubsidyRate: '10/10',
            rateChanged: true,
            applicationWindow: { opens: '2017-04-01', closes: '2017-04-30' },
          },
        ],
      }),
    );
    expect(row).toMatchObject({
      programYear: 2,
      rates: ['1/2'],
      previousRate: '10/10',
      window: { opens: '2017-04-01', closes: '2017-04-30' },
    });
    expect(yearRowOf(year({ applications: [application({ subsidyRate: '10/10' })] })).rates).toEqual([
      '10/10',
    ]);
    expect(
      yearRowOf(
        year({
          rule: {
            versionId: 'v',
            programYear: 1,
            menus: [{ menuId: 'm', subsidyRate: '1/2', baseAmountRule: '' }],
          },
        }),
      ).rates,
    ).toEqual(['1/2']);
  });

  it('sums the amounts over the cases of the year; decided and confirmed stay empty until there is one', () => {
    const row = yearRowOf(
      year({
        applications: [
          application({ grantedAmount: 7_200_000, paid: 7_200_000, confirmedAmount: 7_000_000 }),
          application({ applicationId: 'b', grantedAmount: 1_000_000, paid: 0 }),
        ],
      }),
    );
    expect([row.granted, row.confirmed, row.paid]).toEqual([8_200_000, 7_000_000, 7_200_000]);
    expect(yearRowOf(year({ applications: [application({})] }))).toMatchObject({
      granted: null,
      confirmed: null,
      paid: 0,
      programYear: 1,
    });
    expect(yearRowOf(year({})).programYear).toBeUndefined();
  });
});
