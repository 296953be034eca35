import { DomainError } from '../shared/domain-error.ts';
import { type Yen, addYen, formatYen, minYen, multiplyYen, yen } from '../shared/money.ts';
import type { TraceStep } from '../shared/trace.ts';

export type BaseAmountUnit = 'menu' | 'hospital' | 'association' | 'facility';

/** 基準額: how a programme's base amount grows with what is applied for. */
export type BaseAmountRule =
  | { readonly kind: 'perUnit'; readonly amount: Yen; readonly unit: BaseAmountUnit }
  | { readonly kind: 'perPerson'; readonly amountPerPerson: Yen; readonly maxPersons: number }
  | {
      readonly kind: 'perPersonPerMonth';
      readonly amountPerPersonMonth: Yen;
      readonly monthlyCapPerFacility: Yen;
    };

/** What the application asks for: a number of units, of persons, or of residents in each month. */
export interface BaseAmountQuantity {
  readonly units?: number;
  readonly persons?: number;
  readonly personsPerMonth?: readonly number[];
}

export interface BaseAmountResult {
  readonly baseAmount: Yen;
  readonly steps: readonly TraceStep[];
}

function count(value: number | undefined, field: string, fallback?: number): number {
  const resolved = value ?? fallback;
  if (resolved === undefined || !Number.isSafeInteger(resolved) || resolved < 0) {
    throw new DomainError('INVALID_AMOUNT_INPUT', {
      field,
      value,
      reason: 'not a count',
      expected: 'a whole number ≥ 0',
    });
  }
  return resolved;
}

function perUnit(
  rule: Extract<BaseAmountRule, { kind: 'perUnit' }>,
  q: BaseAmountQuantity,
): BaseAmountResult {
  const units = count(q.units, 'units', 1);
  const baseAmount = multiplyYen(rule.amount, units);
  return {
    baseAmount,
    steps: [
      {
        key: 'baseAmount',
        label: { ja: '基準額', en: 'base amount' },
        value: baseAmount,
        formula: `${formatYen(rule.amount)} × ${units} (${rule.unit})`,
      },
    ],
  };
}

function perPerson(
  rule: Extract<BaseAmountRule, { kind: 'perPerson' }>,
  q: BaseAmountQuantity,
): BaseAmountResult {
  const persons = count(q.persons, 'persons');
  const counted = Math.min(persons, rule.maxPersons);
  const baseAmount = multiplyYen(rule.amountPerPerson, counted);
  return {
    baseAmount,
    steps: [
      {
        key: 'countedPersons',
        label: { ja: '対象人数(上限適用後)', en: 'persons counted (after the cap)' },
        value: counted,
        formula: `min(${persons}, 上限 ${rule.maxPersons}名)`,
      },
      {
        key: 'baseAmount',
        label: { ja: '基準額', en: 'base amount' },
        value: baseAmount,
        formula: `${formatYen(rule.amountPerPerson)} × ${counted}名`,
      },
    ],
  };
}

function perPersonPerMonth(
  rule: Extract<BaseAmountRule, { kind: 'perPersonPerMonth' }>,
  q: BaseAmountQuantity,
): BaseAmountResult {
  const months = q.personsPerMonth ?? [];
  let baseAmount = yen(0);
  const steps: TraceStep[] = months.map((persons, index) => {
    const monthly = minYen(
      multiplyYen(rule.amountPerPersonMonth, count(persons, `personsPerMonth[${index}]`)),
      rule.monthlyCapPerFacility,
    );
    baseAmount = addYen(baseAmount, monthly);
    return {
      key: `monthlyBaseAmount[${index}]`,
      label: { ja: `月額基準額(${index + 1}か月目)`, en: `monthly base amount (month ${index + 1})` },
      value: monthly,
      formula: `min(${formatYen(rule.amountPerPersonMonth)} × ${persons}人, 月額上限 ${formatYen(rule.monthlyCapPerFacility)})`,
    };
  });
  steps.push({
    key: 'baseAmount',
    label: { ja: '基準額(月額の合計)', en: 'base amount (sum of the months)' },
    value: baseAmount,
    formula: `Σ ${months.length}か月`,
  });
  return { baseAmount, steps };
}

export function computeBaseAmount(rule: BaseAmountRule, quantity: BaseAmountQuantity): BaseAmountResult {
  switch (rule.kind) {
    case 'perUnit':
      return perUnit(rule, quantity);
    case 'perPerson':
      return perPerson(rule, quantity);
    case 'perPersonPerMonth':
      return perPersonPerMonth(rule, quantity);
  }
}

/** One line describing a rule, for reasons and catalogue listings. */
export function describeBaseAmountRule(rule: BaseAmountRule): string {
  switch (rule.kind) {
    case 'perUnit':
      return `${formatYen(rule.amount)} / ${rule.unit}`;
    case 'perPerson':
      return `${formatYen(rule.amountPerPerson)} / 人 (上限${rule.maxPersons}名)`;
    case 'perPersonPerMonth':
      return `月額 ${formatYen(rule.amountPerPersonMonth)} / 人 (月額上限 ${formatYen(rule.monthlyCapPerFacility)} / 施設)`;
  }
}
