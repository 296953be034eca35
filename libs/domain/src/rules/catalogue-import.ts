import { parseFiscalYearLabel } from '../shared/era.ts';
import { type FiscalYear } from '../shared/fiscal-year.ts';
import { type LocalizedText } from '../shared/localized-text.ts';
import { type Yen, fromThousandYen } from '../shared/money.ts';
import { type ValidationResult, ValueReader } from '../shared/validation.ts';
import type { BaseAmountRule, BaseAmountUnit } from './base-amount.ts';
import {
  type Cited,
  type FiscalYearPeriod,
  type ProgramMenu,
  type ProgramNote,
  type ProgramYearRange,
  RECIPIENT_KINDS,
  type SubsidyProgramVersion,
} from './programme-catalogue.ts';
import type { SeedCitation } from './seed-citation.ts';
import { parseSubsidyRate } from './subsidy-rate.ts';

const BASE_AMOUNT_UNITS: readonly BaseAmountUnit[] = ['menu', 'hospital', 'association', 'facility'];
const MAX_PROGRAM_YEARS = 99;

type Field = Record<string, unknown>;

function citation(r: ValueReader, path: string, value: unknown): SeedCitation | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const seed = r.string(`${path}.seed`, o['seed']);
  const section = r.string(`${path}.section`, o['section']);
  return seed && section ? { seed, section } : undefined;
}

function localized(r: ValueReader, path: string, o: Field): LocalizedText | undefined {
  const name = r.object(path, o['name']);
  if (!name) return undefined;
  const ja = r.string(`${path}.ja`, name['ja']);
  const en = r.string(`${path}.en`, name['en']);
  return ja && en ? { ja, en } : undefined;
}

function cited<T>(
  r: ValueReader,
  path: string,
  value: unknown,
  read: (path: string, value: unknown) => T | undefined,
): Cited<T> | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const inner = read(`${path}.value`, o['value']);
  const source = citation(r, `${path}.source`, o['source']);
  return inner !== undefined && source ? { value: inner, source } : undefined;
}

function fiscalYearLabel(r: ValueReader, path: string, value: unknown): FiscalYear | undefined {
  const label = typeof value === 'number' ? `FY${value}` : r.string(path, value);
  return label === undefined
    ? undefined
    : r.attempt(path, value, 'a fiscal-year label such as "平成27年度" or "FY2015"', () =>
        parseFiscalYearLabel(label),
      );
}

function period(r: ValueReader, path: string, value: unknown): FiscalYearPeriod | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const from = fiscalYearLabel(r, `${path}.from`, o['from']);
  const until = o['until'] === undefined ? undefined : fiscalYearLabel(r, `${path}.until`, o['until']);
  if (from === undefined || (o['until'] !== undefined && until === undefined)) return undefined;
  if (until !== undefined && until < from) {
    return r.fail(`${path}.until`, o['until'], 'ends before it starts', `a fiscal year from ${from} on`);
  }
  return until === undefined ? { from } : { from, until };
}

function thousandYen(r: ValueReader, path: string, value: unknown): Yen | undefined {
  const amount = r.integer(path, value, 0, 100_000_000);
  return amount === undefined ? undefined : fromThousandYen(amount);
}

function baseAmountRule(r: ValueReader, path: string, value: unknown): BaseAmountRule | undefined {
  const o = r.object(path, value);
  const kind =
    o && r.oneOf(`${path}.kind`, o['kind'], ['perUnit', 'perPerson', 'perPersonPerMonth'] as const);
  if (!o || !kind) return undefined;
  if (kind === 'perUnit') {
    const amount = thousandYen(r, `${path}.thousandYen`, o['thousandYen']);
    const unit = r.oneOf(`${path}.unit`, o['unit'], BASE_AMOUNT_UNITS);
    return amount !== undefined && unit ? { kind, amount, unit } : undefined;
  }
  if (kind === 'perPerson') {
    const amountPerPerson = thousandYen(r, `${path}.thousandYenPerPerson`, o['thousandYenPerPerson']);
    const maxPersons = r.integer(`${path}.maxPersons`, o['maxPersons'], 1, 1000);
    return amountPerPerson !== undefined && maxPersons !== undefined
      ? { kind, amountPerPerson, maxPersons }
      : undefined;
  }
  const amountPerPersonMonth = thousandYen(
    r,
    `${path}.thousandYenPerPersonMonth`,
    o['thousandYenPerPersonMonth'],
  );
  const monthlyCapPerFacility = thousandYen(r, `${path}.monthlyCapThousandYen`, o['monthlyCapThousandYen']);
  return amountPerPersonMonth !== undefined && monthlyCapPerFacility !== undefined
    ? { kind, amountPerPersonMonth, monthlyCapPerFacility }
    : undefined;
}

function programYearRanges<T>(
  r: ValueReader,
  path: string,
  value: unknown,
  read: (path: string, value: unknown) => T | undefined,
): ProgramYearRange<T>[] | undefined {
  const items = r.array(path, value);
  if (!items || items.length === 0) {
    return items ? r.fail(path, value, 'empty', 'at least one programme-year range') : undefined;
  }
  const ranges = items.map((item, i) => {
    const entry = cited(r, `${path}[${i}]`, item, read);
    const o = r.object(`${path}[${i}]`, item);
    const from = o && r.integer(`${path}[${i}].fromProgramYear`, o['fromProgramYear'], 1, MAX_PROGRAM_YEARS);
    const to =
      o?.['toProgramYear'] === undefined
        ? undefined
        : r.integer(`${path}[${i}].toProgramYear`, o['toProgramYear'], from ?? 1, MAX_PROGRAM_YEARS);
    if (!entry || from === undefined) return undefined;
    return to === undefined
      ? { ...entry, fromProgramYear: from }
      : { ...entry, fromProgramYear: from, toProgramYear: to };
  });
  if (ranges.some((range) => range === undefined)) return undefined;
  return checkNoOverlap(r, path, ranges as ProgramYearRange<T>[]);
}

function checkNoOverlap<T>(
  r: ValueReader,
  path: string,
  ranges: ProgramYearRange<T>[],
): ProgramYearRange<T>[] | undefined {
  const sorted = [...ranges].sort((a, b) => a.fromProgramYear - b.fromProgramYear);
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && (previous.toProgramYear ?? Infinity) >= current.fromProgramYear) {
      return r.fail(
        path,
        current.fromProgramYear,
        'programme-year ranges overlap',
        'disjoint programme-year ranges',
      );
    }
  }
  return sorted;
}

function menu(r: ValueReader, path: string, value: unknown): ProgramMenu | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const menuId = r.string(`${path}.menuId`, o['menuId']);
  const name = localized(r, `${path}.name`, o);
  const recipientKind =
    o['recipientKind'] === undefined
      ? undefined
      : r.oneOf(`${path}.recipientKind`, o['recipientKind'], RECIPIENT_KINDS);
  const baseAmounts = programYearRanges(r, `${path}.baseAmounts`, o['baseAmounts'], (p, v) =>
    baseAmountRule(r, p, v),
  );
  const subsidyRates = programYearRanges(r, `${path}.subsidyRates`, o['subsidyRates'], (p, v) => {
    const text = r.string(p, v);
    return text === undefined
      ? undefined
      : r.attempt(p, v, 'a fraction such as "1/2"', () => parseSubsidyRate(text));
  });
  if (!menuId || !name || !baseAmounts || !subsidyRates) return undefined;
  return { menuId, name, ...(recipientKind ? { recipientKind } : {}), baseAmounts, subsidyRates };
}

function list<T>(
  r: ValueReader,
  path: string,
  value: unknown,
  read: (path: string, item: unknown) => T | undefined,
): T[] | undefined {
  const items = r.array(path, value);
  if (!items) return undefined;
  const values = items.map((item, i) => read(`${path}[${i}]`, item));
  return values.some((item) => item === undefined) ? undefined : (values as T[]);
}

function note(r: ValueReader, path: string, value: unknown): ProgramNote | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const ja = r.string(`${path}.ja`, o['ja']);
  const en = r.string(`${path}.en`, o['en']);
  const source = citation(r, `${path}.source`, o['source']);
  return ja && en && source ? { ja, en, source } : undefined;
}

function optionalCited<T>(
  r: ValueReader,
  path: string,
  value: unknown,
  read: (path: string, value: unknown) => T | undefined,
): { present: boolean; value: Cited<T> | undefined } {
  return value === undefined
    ? { present: false, value: undefined }
    : { present: true, value: cited(r, path, value, read) };
}

function programVersion(r: ValueReader, path: string, value: unknown): SubsidyProgramVersion | undefined {
  const o = r.object(path, value);
  if (!o) return undefined;
  const programId = r.string(`${path}.programId`, o['programId']);
  const versionId = r.string(`${path}.versionId`, o['versionId']);
  const name = localized(r, `${path}.name`, o);
  const periodValue = cited(r, `${path}.period`, o['period'], (p, v) => period(r, p, v));
  const recipientKinds = cited(r, `${path}.recipientKinds`, o['recipientKinds'], (p, v) =>
    list(r, p, v, (ip, item) => r.oneOf(ip, item, RECIPIENT_KINDS)),
  );
  const method = optionalCited(r, `${path}.subsidyMethod`, o['subsidyMethod'], (p, v) =>
    r.oneOf(p, v, ['direct', 'indirect'] as const),
  );
  const maxYears = optionalCited(r, `${path}.maxProgramYears`, o['maxProgramYears'], (p, v) =>
    r.integer(p, v, 1, MAX_PROGRAM_YEARS),
  );
  const offset = optionalCited(
    r,
    `${path}.trainingToApplicationOffset`,
    o['trainingToApplicationOffset'],
    (p, v) => r.integer(p, v, 0, 10),
  );
  const beds = optionalCited(r, `${path}.bedLimit`, o['bedLimit'], (p, v) => r.integer(p, v, 1, 100_000));
  const menus = list(r, `${path}.menus`, o['menus'], (p, v) => menu(r, p, v));
  const notes = o['notes'] === undefined ? [] : list(r, `${path}.notes`, o['notes'], (p, v) => note(r, p, v));
  const optionalsOk = [method, maxYears, offset, beds].every((x) => !x.present || x.value !== undefined);
  if (
    !programId ||
    !versionId ||
    !name ||
    !periodValue ||
    !recipientKinds ||
    !menus ||
    !notes ||
    !optionalsOk
  ) {
    return undefined;
  }
  return {
    programId,
    versionId,
    name,
    period: periodValue,
    recipientKinds,
    ...(method.value ? { subsidyMethod: method.value } : {}),
    ...(maxYears.value ? { maxProgramYears: maxYears.value } : {}),
    ...(offset.value ? { trainingToApplicationOffset: offset.value } : {}),
    ...(beds.value ? { bedLimit: beds.value } : {}),
    menus,
    notes,
  };
}

function checkCatalogueConsistency(r: ValueReader, versions: readonly SubsidyProgramVersion[]): void {
  const seen = new Map<string, SubsidyProgramVersion>();
  versions.forEach((version, i) => {
    const key = `${version.programId}/${version.versionId}`;
    if (seen.has(key))
      r.fail(
        `programs[${i}].versionId`,
        version.versionId,
        `duplicate version ${key}`,
        'a version id unique within its programme',
      );
    seen.set(key, version);
    const sameStart = versions.find(
      (other, j) =>
        j < i &&
        other.programId === version.programId &&
        other.period.value.from === version.period.value.from,
    );
    if (sameStart) {
      r.fail(
        `programs[${i}].period.value.from`,
        version.period.value.from,
        `another version of ${version.programId} (${sameStart.versionId}) starts in the same fiscal year`,
        'one version per programme per starting fiscal year',
      );
    }
    const menuIds = version.menus.map((m) => m.menuId);
    const duplicateMenu = menuIds.find((id, k) => menuIds.indexOf(id) !== k);
    if (duplicateMenu)
      r.fail(`programs[${i}].menus`, duplicateMenu, 'duplicate menu id', 'menu ids unique within a version');
  });
}

/**
 * Validates a parsed catalogue definition (from the typed seed file or a JSON import) and converts it
 * to typed rule versions; `existing` versions take part in the consistency checks so that an import of a
 * new fiscal year cannot clash with what is already there.
 */
export function importCatalogue(
  value: unknown,
  existing: readonly SubsidyProgramVersion[] = [],
): ValidationResult<readonly SubsidyProgramVersion[]> {
  const r = new ValueReader();
  const root = r.object('$', value);
  const versions = root && list(r, 'programs', root['programs'], (p, v) => programVersion(r, p, v));
  if (versions) checkCatalogueConsistency(r, [...existing, ...versions]);
  return r.result(versions);
}

/** The JSON edge: text in, typed versions or issues out (a syntax error is an issue too). */
export function importCatalogueJson(
  text: string,
  existing: readonly SubsidyProgramVersion[] = [],
): ValidationResult<readonly SubsidyProgramVersion[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '$', value: text.slice(0, 40), reason, expected: 'valid JSON' }] };
  }
  return importCatalogue(parsed, existing);
}
