import { DomainError } from '../shared/domain-error.ts';
import { formatFiscalYearLabel } from '../shared/era.ts';
import type { FiscalYear } from '../shared/fiscal-year.ts';
import type { Yen } from '../shared/money.ts';
import { type AmountCalculation, calculateSubsidyAmount } from './amount-calculation.ts';
import { type BaseAmountQuantity, computeBaseAmount } from './base-amount.ts';
import {
  type SubsidyProgramCatalogue,
  baseAmountFor,
  menuOf,
  subsidyRateFor,
} from './programme-catalogue.ts';

export interface ProgramAmountRequest {
  readonly programId: string;
  readonly menuId: string;
  readonly fiscalYear: FiscalYear;
  /** 補助何年目: 1 for the first year a recipient is funded by the programme. */
  readonly programYear: number;
  readonly quantity?: BaseAmountQuantity;
  readonly actualExpenditure: Yen;
  readonly otherIncome: Yen;
  /** The version a decided case keeps (its grant's); absent: the version in force in the fiscal year. */
  readonly versionId?: string;
}

export interface ProgramAmountCalculation extends AmountCalculation {
  readonly context: {
    readonly programName: string;
    readonly menuName: string;
    readonly fiscalYear: FiscalYear;
    readonly fiscalYearLabel: string;
    readonly programYear: number;
  };
}

function checkProgramYear(programYear: number, maxProgramYears: number | undefined): void {
  const valid =
    Number.isInteger(programYear) &&
    programYear >= 1 &&
    (maxProgramYears === undefined || programYear <= maxProgramYears);
  if (!valid) {
    throw new DomainError('INVALID_AMOUNT_INPUT', {
      field: 'programYear',
      value: programYear,
      reason: 'outside the programme years this rule funds',
      expected: `an integer from 1${maxProgramYears === undefined ? '' : ` to ${maxProgramYears}`}`,
    });
  }
}

/**
 * Resolves the rule in force in the fiscal year, the base amount and the rate for the programme year,
 * and applies the amount rule; the trace names the version and the seed sections used.
 */
export function calculateProgramAmount(
  catalogue: SubsidyProgramCatalogue,
  request: ProgramAmountRequest,
): ProgramAmountCalculation {
  const version = request.versionId
    ? catalogue.versionById(request.programId, request.versionId)
    : catalogue.ruleAsOf(request.programId, request.fiscalYear);
  checkProgramYear(request.programYear, version.maxProgramYears?.value);
  const menu = menuOf(version, request.menuId);
  const base = baseAmountFor(menu, request.programYear);
  const rate = subsidyRateFor(menu, request.programYear);
  const { baseAmount, steps } = computeBaseAmount(base.value, request.quantity ?? {});
  const calculation = calculateSubsidyAmount({
    baseAmount,
    baseAmountSteps: steps,
    actualExpenditure: request.actualExpenditure,
    otherIncome: request.otherIncome,
    subsidyRate: rate.value,
    rule: {
      programId: version.programId,
      versionId: version.versionId,
      menuId: menu.menuId,
      effectiveFrom: version.period.value.from,
      sources: [version.period.source, base.source, rate.source],
    },
  });
  return {
    ...calculation,
    context: {
      programName: version.name.ja,
      menuName: menu.name.ja,
      fiscalYear: request.fiscalYear,
      fiscalYearLabel: formatFiscalYearLabel(request.fiscalYear),
      programYear: request.programYear,
    },
  };
}
