import { calculateProgramAmount } from '../rules/program-amount.ts';
import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import type { BaseAmountQuantity } from '../rules/base-amount.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { type Yen, formatYen, minYen } from '../shared/money.ts';
import type { AmountDecision } from './application-events.ts';
import type { ApplicationAmounts, ApplicationRef } from './application-terms.ts';

interface Money {
  readonly quantity: BaseAmountQuantity;
  readonly expenditure: Yen;
  readonly otherIncome: Yen;
}

/** The amount rule for the case's programme, menu, fiscal year and programme year, with its trace. */
function decide(
  catalogue: SubsidyProgramCatalogue,
  ref: ApplicationRef,
  money: Money,
  versionId: string | undefined,
): AmountDecision {
  const calculation = calculateProgramAmount(catalogue, {
    ...(versionId ? { versionId } : {}),
    programId: ref.programId,
    menuId: ref.menuId,
    fiscalYear: fiscalYear(ref.fiscalYear),
    programYear: ref.programYear,
    quantity: money.quantity,
    actualExpenditure: money.expenditure,
    otherIncome: money.otherIncome,
  });
  return {
    amount: calculation.amount,
    subsidyRate: calculation.trace.inputs.subsidyRate,
    baseAmount: calculation.trace.inputs.baseAmount,
    ruleVersionId: calculation.trace.rule?.versionId ?? '',
    calculation,
  };
}

/**
 * 交付決定額: the amount rule on the planned expenditure (補助所要額); a change of a decided case passes the
 * version it was decided under (`versionId`), so a later correction of the year's rules does not reach it.
 */
export function grantAmount(
  catalogue: SubsidyProgramCatalogue,
  ref: ApplicationRef,
  amounts: ApplicationAmounts,
  versionId?: string,
): AmountDecision {
  return decide(
    catalogue,
    ref,
    { quantity: amounts.quantity, expenditure: amounts.plannedExpenditure, otherIncome: amounts.otherIncome },
    versionId,
  );
}

/**
 * 額の確定: the amount rule of the version the grant was decided under on the actual expenditure and
 * other income, then never above the granted amount; the cap is the last step of the trace.
 */
export function confirmedAmount(
  catalogue: SubsidyProgramCatalogue,
  ref: ApplicationRef,
  actuals: Money,
  granted: { readonly amount: Yen; readonly ruleVersionId: string },
): { readonly calculatedAmount: Yen; readonly decision: AmountDecision } {
  const onActuals = decide(catalogue, ref, actuals, granted.ruleVersionId || undefined);
  const grantedAmount = granted.amount;
  const amount = minYen(onActuals.amount, grantedAmount);
  const capStep = {
    key: 'confirmedAmount',
    label: {
      ja: '交付決定額と比較して少ない方の額(確定額)',
      en: 'smaller of the amount on actuals and the granted amount (confirmed amount)',
    },
    value: amount,
    formula: `min(${formatYen(onActuals.amount)}, 交付決定額 ${formatYen(grantedAmount)})`,
  };
  const calculation = {
    ...onActuals.calculation,
    amount,
    trace: { ...onActuals.calculation.trace, steps: [...onActuals.calculation.trace.steps, capStep] },
  };
  return { calculatedAmount: onActuals.amount, decision: { ...onActuals, amount, calculation } };
}
