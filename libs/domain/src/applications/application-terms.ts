import type { BaseAmountQuantity } from '../rules/base-amount.ts';
import { calculateProgramAmount } from '../rules/program-amount.ts';
import {
  type RecipientKind,
  type SubsidyProgramCatalogue,
  RECIPIENT_KINDS,
  menuOf,
} from '../rules/programme-catalogue.ts';
import { isValidMunicipalityCode } from '../reference/municipality-code.ts';
import { refuse, requireId } from '../shared/command-guards.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { type Yen, nonNegativeYen } from '../shared/money.ts';

/** Who receives the subsidy; a hospital's municipalityCode is where it stands (for scoping and reports). */
export interface ApplicationRecipient {
  readonly kind: RecipientKind;
  readonly id: string;
  /** 6-digit 全国地方公共団体コード. */
  readonly municipalityCode: string;
}

/** What the application identifies once and for all: the case, its programme, year and recipient. */
export interface ApplicationRef {
  readonly applicationId: string;
  readonly programId: string;
  readonly menuId: string;
  readonly fiscalYear: number;
  /** 補助何年目: 1 for the first fiscal year the recipient is funded by the programme. */
  readonly programYear: number;
  readonly recipient: ApplicationRecipient;
}

/** What may change through a correction or a 変更申請: the quantity and the planned money. */
export interface ApplicationAmounts {
  /** Persons, units or persons per month, as the programme's base amount counts them. */
  readonly quantity: BaseAmountQuantity;
  /** 対象経費の支出予定額 (integer yen). */
  readonly plannedExpenditure: Yen;
  /** 寄付金その他の収入 (integer yen). */
  readonly otherIncome: Yen;
}

export type ApplicationTerms = ApplicationRef & ApplicationAmounts;

export interface ApplicationAmountsInput {
  readonly quantity?: BaseAmountQuantity;
  readonly plannedExpenditure: number;
  readonly otherIncome: number;
}

export function validatedAmounts(input: ApplicationAmountsInput): ApplicationAmounts {
  return {
    quantity: { ...(input.quantity ?? {}) },
    plannedExpenditure: nonNegativeYen(input.plannedExpenditure, 'plannedExpenditure'),
    otherIncome: nonNegativeYen(input.otherIncome, 'otherIncome'),
  };
}

/** Amounts revised by a resubmission or a change request: what is given replaces what was there. */
export function revisedAmounts(
  current: ApplicationAmounts,
  change: Partial<ApplicationAmountsInput>,
): ApplicationAmounts {
  return validatedAmounts({
    quantity: change.quantity ?? current.quantity,
    plannedExpenditure: change.plannedExpenditure ?? current.plannedExpenditure,
    otherIncome: change.otherIncome ?? current.otherIncome,
  });
}

function validatedRecipient(recipient: ApplicationRecipient | undefined): ApplicationRecipient {
  if (!recipient || !RECIPIENT_KINDS.includes(recipient.kind)) {
    refuse(
      'INVALID_APPLICATION',
      'recipient.kind',
      recipient?.kind ?? null,
      'unknown recipient kind',
      `one of ${RECIPIENT_KINDS.join(', ')}`,
    );
  }
  if (!isValidMunicipalityCode(recipient!.municipalityCode ?? '')) {
    refuse(
      'INVALID_APPLICATION',
      'recipient.municipalityCode',
      recipient!.municipalityCode ?? null,
      'not a valid 6-digit 全国地方公共団体コード',
      'six digits with a valid check digit, e.g. 131016',
    );
  }
  return {
    kind: recipient!.kind,
    id: requireId(recipient!.id, 'recipient.id'),
    municipalityCode: recipient!.municipalityCode,
  };
}

/**
 * Checks the terms against the catalogue in force in the fiscal year: the programme and menu exist, the
 * recipient is of a kind the programme (and menu) funds, and the amount rule can be applied (programme
 * year within the 補助期間, quantities counted). Returns the terms and the amount they would give.
 */
export function validatedTerms(
  catalogue: SubsidyProgramCatalogue,
  input: ApplicationRef & ApplicationAmountsInput,
): { readonly terms: ApplicationTerms; readonly requestedAmount: Yen } {
  const fy = fiscalYear(input.fiscalYear);
  const version = catalogue.ruleAsOf(input.programId, fy);
  const menu = menuOf(version, input.menuId);
  const recipient = validatedRecipient(input.recipient);
  const kinds = menu.recipientKind ? [menu.recipientKind] : version.recipientKinds.value;
  if (!kinds.includes(recipient.kind)) {
    refuse(
      'INVALID_APPLICATION',
      'recipient.kind',
      recipient.kind,
      `${version.name.ja} (${menu.menuId}) does not fund a ${recipient.kind}`,
      `one of ${kinds.join(', ')}`,
    );
  }
  const amounts = validatedAmounts(input);
  const terms: ApplicationTerms = {
    applicationId: requireId(input.applicationId, 'applicationId'),
    programId: input.programId,
    menuId: input.menuId,
    fiscalYear: fy,
    programYear: input.programYear,
    recipient,
    ...amounts,
  };
  const { amount } = calculateProgramAmount(catalogue, {
    programId: terms.programId,
    menuId: terms.menuId,
    fiscalYear: fy,
    programYear: terms.programYear,
    quantity: terms.quantity,
    actualExpenditure: terms.plannedExpenditure,
    otherIncome: terms.otherIncome,
  });
  return { terms, requestedAmount: amount };
}
