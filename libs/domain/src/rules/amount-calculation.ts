import {
  type Yen,
  formatYen,
  maxYen,
  minYen,
  nonNegativeYen,
  roundDownToThousandYen,
  subtractYen,
  yen,
} from '../shared/money.ts';
import type { TraceStep } from '../shared/trace.ts';
import type { SeedCitation } from './seed-citation.ts';
import { type SubsidyRate, applySubsidyRate, formatSubsidyRate, subsidyRate } from './subsidy-rate.ts';

/** Which version of which rule produced an amount, so that an auditor can find the source years later. */
export interface RuleReference {
  readonly programId: string;
  readonly versionId: string;
  readonly menuId?: string;
  readonly effectiveFrom: number;
  readonly sources: readonly SeedCitation[];
}

export interface AmountCalculationInput {
  readonly baseAmount: Yen;
  readonly actualExpenditure: Yen;
  readonly otherIncome: Yen;
  readonly subsidyRate: SubsidyRate;
  /** Steps that produced the base amount (units, caps), shown before the amount rule's own steps. */
  readonly baseAmountSteps?: readonly TraceStep[];
  readonly rule?: RuleReference;
}

export interface AmountTrace {
  readonly inputs: {
    readonly baseAmount: Yen;
    readonly actualExpenditure: Yen;
    readonly otherIncome: Yen;
    readonly subsidyRate: string;
  };
  readonly steps: readonly TraceStep[];
  readonly rule?: RuleReference;
}

export interface AmountCalculation {
  readonly amount: Yen;
  readonly trace: AmountTrace;
}

function validated(input: AmountCalculationInput): AmountCalculationInput {
  nonNegativeYen(input.baseAmount, 'baseAmount');
  nonNegativeYen(input.actualExpenditure, 'actualExpenditure');
  nonNegativeYen(input.otherIncome, 'otherIncome');
  // A rate may arrive as a plain object (JSON, a test): re-check that it is a fraction between 0 and 1.
  subsidyRate(input.subsidyRate.numerator, input.subsidyRate.denominator);
  return input;
}

/**
 * The amount rule of Tokyo's subsidies: the smaller of the base amount and (actual expenditure − other
 * income such as donations), times the subsidy rate, rounded down to the thousand yen (千円未満切り捨て).
 */
export function calculateSubsidyAmount(input: AmountCalculationInput): AmountCalculation {
  const { baseAmount, actualExpenditure, otherIncome } = validated(input);
  const netExpenditure = maxYen(subtractYen(actualExpenditure, otherIncome), yen(0));
  const comparedAmount = minYen(baseAmount, netExpenditure);
  const ratedAmount = applySubsidyRate(comparedAmount, input.subsidyRate);
  const amount = roundDownToThousandYen(ratedAmount);
  const rate = formatSubsidyRate(input.subsidyRate);
  const steps: TraceStep[] = [
    ...(input.baseAmountSteps ?? []),
    {
      key: 'netExpenditure',
      label: { ja: '実支出額 − 寄付金その他の収入', en: 'actual expenditure − other income' },
      value: netExpenditure,
      formula: `max(${formatYen(actualExpenditure)} − ${formatYen(otherIncome)}, 0円)`,
    },
    {
      key: 'comparedAmount',
      label: { ja: '基準額と比較して少ない方の額', en: 'smaller of base amount and net expenditure' },
      value: comparedAmount,
      formula: `min(${formatYen(baseAmount)}, ${formatYen(netExpenditure)})`,
    },
    {
      key: 'ratedAmount',
      label: { ja: '補助率を乗じた額(円未満切り捨て)', en: 'times the subsidy rate (yen floored)' },
      value: ratedAmount,
      formula: `${formatYen(comparedAmount)} × ${rate}`,
    },
    {
      key: 'amount',
      label: { ja: '補助額(千円未満切り捨て)', en: 'subsidy amount (rounded down to 1,000 yen)' },
      value: amount,
      formula: `floor(${formatYen(ratedAmount)} / 1,000円) × 1,000円`,
    },
  ];
  return {
    amount,
    trace: {
      inputs: { baseAmount, actualExpenditure, otherIncome, subsidyRate: rate },
      steps,
      ...(input.rule ? { rule: input.rule } : {}),
    },
  };
}
