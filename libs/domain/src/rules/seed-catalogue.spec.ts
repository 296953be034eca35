import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.ts';
import { parseFiscalYearLabel } from '../shared/era.ts';
import { fromThousandYen, toThousandYen, yen } from '../shared/money.ts';
import { describeBaseAmountRule } from './base-amount.ts';
import { calculateProgramAmount } from './program-amount.ts';
import { baseAmountFor, menuOf, subsidyRateFor } from './programme-catalogue.ts';
import { SEED_CATALOGUE } from './seed-catalogue.ts';
import { formatSubsidyRate } from './subsidy-rate.ts';

const SEED_000 = '000_0408eb867b5967d4.txt';
const SEED_003 = '003_9cb320aed5e28b3f.txt';
const fy = parseFiscalYearLabel;

function ruleAt(programId: string, menuId: string, label: string, programYear: number) {
  const version = SEED_CATALOGUE.ruleAsOf(programId, fy(label));
  const menu = menuOf(version, menuId);
  return { version, base: baseAmountFor(menu, programYear), rate: subsidyRateFor(menu, programYear) };
}

describe('the seed catalogue reproduces every base amount and rate of the seeds', () => {
  // programme, menu, fiscal year, programme year, base amount (千円), rate, seed
  it.each([
    ['home-care-environment', 'consultation-desk', '平成29年度', 1, 10_000, '10/10', SEED_000],
    ['home-care-environment', 'council', '平成29年度', 3, 10_000, '10/10', SEED_000],
    ['home-care-environment', 'backup-beds', '平成29年度', 2, 10_000, '10/10', SEED_000],
    ['home-care-environment', 'consultation-desk', '平成29年度', 4, 10_000, '1/2', SEED_000],
    ['home-care-environment', 'council', '平成29年度', 4, 3_583, '1/2', SEED_000],
    ['home-care-environment', 'backup-beds', '平成29年度', 7, 5_607, '1/2', SEED_000],
    ['home-care-environment', 'pioneer', '平成23年度', 1, 10_000, '10/10', SEED_003],
    ['home-care-environment', 'pioneer', '平成23年度', 3, 10_000, '10/10', SEED_003],
    ['home-care-environment', 'consultation-desk', '平成23年度', 4, 10_000, '1/2', SEED_003],
    ['home-care-environment', 'backup-beds', '平成23年度', 4, 5_580, '1/2', SEED_003],
    ['home-care-environment', 'council', '平成23年度', 5, 3_600, '1/2', SEED_003],
    ['municipal-home-care-promotion', 'medical-coordination', '平成27年度', 1, 10_000, '10/10', SEED_000],
    ['municipal-home-care-promotion', 'discharge-support', '平成28年度', 1, 10_000, '10/10', SEED_000],
    ['municipal-home-care-promotion', 'gp-hospital-liaison', '平成29年度', 1, 10_000, '10/10', SEED_000],
    ['pediatric-home-care', 'pediatric-home-care', '平成29年度', 3, 10_000, '10/10', SEED_000],
    ['pediatric-home-care', 'pediatric-home-care', '平成29年度', 4, 10_000, '1/2', SEED_000],
    ['physician-mutual-support', 'district-association', '平成29年度', 1, 1_200, '10/10', SEED_000],
    ['physician-mutual-support', 'tokyo-secretariat', '平成29年度', 1, 600, '10/10', SEED_000],
    ['ict-network', 'district-association', '平成29年度', 1, 920, '10/10', SEED_000],
    ['ict-network', 'tokyo-secretariat', '平成29年度', 1, 281, '10/10', SEED_000],
    ['transition-support', 'discharge-staff', '平成28年度', 1, 3_600, '10/10', SEED_000],
    ['transition-support', 'discharge-staff', '平成29年度', 2, 3_600, '1/2', SEED_000],
    ['transition-staffing', 'per-hospital', '平成27年度', 1, 3_600, '10/10', SEED_000],
    ['end-of-life-environment', 'renovation', '平成29年度', 1, 6_000, '3/4', SEED_000],
    ['end-of-life-environment', 'small-residence', '平成29年度', 1, 10_000, '10/10', SEED_000],
    ['end-of-life-care-allowance', 'monthly-allowance', '平成29年度', 1, 24, '10/10', SEED_000],
  ])(
    'given %s / %s in %s, programme year %i, then the base amount is %i千円 at %s (%s)',
    (program, menu, label, year, thousands, rate, seed) => {
      const { base, rate: subsidyRate } = ruleAt(program, menu, label, year);
      const amount =
        base.value.kind === 'perUnit'
          ? base.value.amount
          : base.value.kind === 'perPerson'
            ? base.value.amountPerPerson
            : base.value.amountPerPersonMonth;
      expect(toThousandYen(amount)).toBe(thousands);
      expect(formatSubsidyRate(subsidyRate.value)).toBe(rate);
      expect(base.source.seed).toBe(seed);
      expect(subsidyRate.source.seed).toBe(seed);
    },
  );

  it('given 在宅療養移行支援事業 then the base is 3,600千円 per person for at most 2 persons', () => {
    const { base } = ruleAt('transition-support', 'discharge-staff', 'H28', 1);
    expect(base.value).toEqual({ kind: 'perPerson', amountPerPerson: fromThousandYen(3_600), maxPersons: 2 });
    expect(base.source.section).toContain('補助概要');
  });

  it('given 看取り対応支援費補助 then the base is 24千円 per person per month capped at 120千円 per facility per month', () => {
    const { base } = ruleAt('end-of-life-care-allowance', 'monthly-allowance', 'H29', 1);
    expect(describeBaseAmountRule(base.value)).toBe('月額 24,000円 / 人 (月額上限 120,000円 / 施設)');
  });

  it.each([
    ['home-care-environment', 'H23', '平成23年度', '平成28年度'],
    ['home-care-environment', 'H29', '平成29年度', '平成29年度'],
    ['municipal-home-care-promotion', 'H27', '平成27年度', '平成29年度'],
    ['physician-mutual-support', 'H29', '平成29年度', '平成29年度'],
    ['transition-support', 'H28', '平成28年度', '平成29年度'],
    ['transition-staffing', 'H27', '平成27年度', '平成29年度'],
  ])('given %s version %s then it is in force from %s until %s', (program, versionId, from, until) => {
    const version = SEED_CATALOGUE.versionsOf(program).find((v) => v.versionId === versionId);
    expect(version?.period.value).toEqual({ from: fy(from), until: fy(until) });
  });

  it.each([
    ['home-care-environment', ['municipality']],
    ['municipal-home-care-promotion', ['municipality']],
    ['pediatric-home-care', ['municipality']],
    ['physician-mutual-support', ['districtMedicalAssociation', 'tokyoMedicalAssociation']],
    ['ict-network', ['districtMedicalAssociation', 'tokyoMedicalAssociation']],
    ['transition-support', ['hospital']],
    ['transition-staffing', ['hospital']],
    ['end-of-life-environment', ['municipality']],
    ['end-of-life-care-allowance', ['residence']],
  ])('given %s then the recipients are %j', (program, kinds) => {
    expect(SEED_CATALOGUE.ruleAsOf(program, fy('H29')).recipientKinds.value).toEqual(kinds);
  });

  it('given 在宅療養移行体制確保事業 then a training completed in FY N supports an application in FY N itself (27研修修了者 → 27申請・支払), citing the schedule', () => {
    const version = SEED_CATALOGUE.ruleAsOf('transition-staffing', fy('H28'));
    expect(version.trainingToApplicationOffset?.value).toBe(0);
    expect(version.trainingToApplicationOffset?.source.section).toContain('27研修修了者: 27申請・支払');
  });

  it('given 在宅療養移行支援事業 then it funds 2 programme years; 在宅医等相互支援 only 1', () => {
    expect(SEED_CATALOGUE.ruleAsOf('transition-support', fy('H28')).maxProgramYears?.value).toBe(2);
    expect(SEED_CATALOGUE.ruleAsOf('physician-mutual-support', fy('H29')).maxProgramYears?.value).toBe(1);
  });

  it('cites a seed file and section for every base amount and rate', () => {
    const citations = SEED_CATALOGUE.versions.flatMap((v) => [
      v.period.source,
      v.recipientKinds.source,
      ...v.menus.flatMap((m) => [...m.baseAmounts, ...m.subsidyRates].map((e) => e.source)),
    ]);
    for (const citation of citations) {
      expect([SEED_000, SEED_003]).toContain(citation.seed);
      expect(citation.section.length).toBeGreaterThan(0);
    }
  });
});

describe('asking for the rule as of a fiscal year', () => {
  it.each([
    ['平成23年度', 'H23'],
    ['平成28年度', 'H23'],
    ['平成29年度', 'H29'],
  ])('given 在宅療養環境整備支援事業 as of %s then version %s is in force', (label, versionId) => {
    expect(SEED_CATALOGUE.ruleAsOf('home-care-environment', fy(label)).versionId).toBe(versionId);
  });

  it.each(['平成22年度', '平成30年度', '令和7年度'])(
    'given 在宅療養環境整備支援事業 as of %s then no rule is in force and the error lists the versions',
    (label) => {
      expect(() => SEED_CATALOGUE.ruleAsOf('home-care-environment', fy(label))).toThrow(
        expect.objectContaining({ code: 'RULE_NOT_IN_FORCE' }) as unknown as Error,
      );
    },
  );

  it('given 在宅医等相互支援体制構築事業 as of 平成28年度 then it is not in force (平成29年度 only)', () => {
    expect(() => SEED_CATALOGUE.ruleAsOf('physician-mutual-support', fy('H28'))).toThrow(/平成29年度/);
  });

  it('given an unknown programme then the error lists the known ones', () => {
    expect(() => SEED_CATALOGUE.ruleAsOf('nope', fy('H29'))).toThrow(DomainError);
    expect(() => SEED_CATALOGUE.ruleAsOf('nope', fy('H29'))).toThrow(/transition-staffing/);
  });

  it('given 平成29年度 then all nine programmes are in force, one version each', () => {
    expect(SEED_CATALOGUE.programsInForce(fy('H29')).map((v) => v.programId)).toHaveLength(9);
  });
});

describe('calculateProgramAmount (worked examples on the seed catalogue)', () => {
  const calc = (
    programId: string,
    menuId: string,
    label: string,
    programYear: number,
    actual: number,
    other = 0,
    quantity = {},
  ) =>
    calculateProgramAmount(SEED_CATALOGUE, {
      programId,
      menuId,
      fiscalYear: fy(label),
      programYear,
      quantity,
      actualExpenditure: yen(actual),
      otherIncome: yen(other),
    });

  it('given the 協議会 in year 4 with 5,000,000円 spent then 3,583,000 × 1/2 = 1,791,500 → 1,791,000円', () => {
    const result = calc('home-care-environment', 'council', 'H29', 4, 5_000_000);
    expect(result.amount).toBe(1_791_000);
    expect(result.trace.rule).toMatchObject({ programId: 'home-care-environment', versionId: 'H29' });
    expect(result.trace.rule?.sources.map((s) => s.seed)).toContain(SEED_000);
    expect(result.context.fiscalYearLabel).toBe('平成29年度');
  });

  it('given the same 協議会 in year 4 under the 平成23年度 rules then 3,600,000 × 1/2 = 1,800,000円', () => {
    expect(calc('home-care-environment', 'council', 'H23', 4, 5_000_000).amount).toBe(1_800_000);
  });

  it('given 3 discharge staff in year 1 then only 2 persons count: 7,200,000円', () => {
    const result = calc('transition-support', 'discharge-staff', 'H28', 1, 9_000_000, 0, { persons: 3 });
    expect(result.amount).toBe(7_200_000);
    expect(result.trace.steps.find((s) => s.key === 'countedPersons')?.value).toBe(2);
  });

  it('given 2 discharge staff in year 2 with other income then (7,200,000 ∧ 7,000,000 − 333,333) × 1/2 → 3,333,000円', () => {
    expect(
      calc('transition-support', 'discharge-staff', 'H29', 2, 7_000_000, 333_333, { persons: 2 }).amount,
    ).toBe(3_333_000);
  });

  it('given a third programme year of 在宅療養移行支援事業 then it is refused', () => {
    expect(() => calc('transition-support', 'discharge-staff', 'H29', 3, 1, 0, { persons: 1 })).toThrow(
      /programYear/,
    );
  });

  it('given residents per month of 3, 5, 6 and 0 then the months are 72,000 + 120,000 + 120,000 + 0 (monthly cap)', () => {
    const result = calc('end-of-life-care-allowance', 'monthly-allowance', 'H29', 1, 1_000_000, 0, {
      personsPerMonth: [3, 5, 6, 0],
    });
    expect(result.amount).toBe(312_000);
    expect(
      result.trace.steps.filter((s) => s.key.startsWith('monthlyBaseAmount')).map((s) => s.value),
    ).toEqual([72_000, 120_000, 120_000, 0]);
  });

  it('given a renovation costing 8,000,000円 then 6,000,000 × 3/4 = 4,500,000円', () => {
    expect(calc('end-of-life-environment', 'renovation', 'H29', 1, 8_000_000).amount).toBe(4_500_000);
  });

  it('given the 先駆 menu asked for in year 4 then the error says which programme years it covers', () => {
    expect(() => calc('home-care-environment', 'pioneer', 'H23', 4, 1)).toThrow(/programme years 1–3/);
  });
});
