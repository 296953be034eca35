import { describe, expect, it } from '@jest/globals';
// Tests read their fixtures from disk; the domain code itself never does.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { parseFiscalYearLabel } from '../shared/era.ts';
import { yen } from '../shared/money.ts';
import type { ValidationIssue } from '../shared/validation.ts';
import { importCatalogue, importCatalogueJson } from './catalogue-import.ts';
import { calculateProgramAmount } from './program-amount.ts';
import { SubsidyProgramCatalogue } from './programme-catalogue.ts';
import { SEED_CATALOGUE, SEED_CATALOGUE_DEFINITION } from './seed-catalogue.ts';

const example = readFileSync(new URL('./__fixtures__/new-fiscal-year.example.json', import.meta.url), 'utf8');

function issuesOf(value: unknown): readonly ValidationIssue[] {
  const result = importCatalogue(value, SEED_CATALOGUE.versions);
  return result.ok ? [] : result.issues;
}

describe('importing a fiscal year of rules as JSON', () => {
  it('given the seed definition as JSON text when imported then it is the same catalogue as the typed file', () => {
    const result = importCatalogueJson(JSON.stringify(SEED_CATALOGUE_DEFINITION));
    expect(result.ok && result.value).toEqual(SEED_CATALOGUE.versions);
  });

  it('given a new fiscal year as JSON when added then asking as of that year returns it and older years are unchanged', () => {
    const result = importCatalogueJson(example, SEED_CATALOGUE.versions);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const catalogue = new SubsidyProgramCatalogue([...SEED_CATALOGUE.versions, ...result.value]);
    expect(catalogue.ruleAsOf('home-care-environment', parseFiscalYearLabel('R8')).versionId).toBe(
      'EXAMPLE-R7',
    );
    expect(catalogue.ruleAsOf('home-care-environment', parseFiscalYearLabel('H29')).versionId).toBe('H29');
    const amount = calculateProgramAmount(catalogue, {
      programId: 'home-care-environment',
      menuId: 'consultation-desk',
      fiscalYear: parseFiscalYearLabel('R7'),
      programYear: 1,
      actualExpenditure: yen(9_000_000),
      otherIncome: yen(0),
    });
    expect(amount.amount).toBe(5_333_000);
  });

  it('given text that is not JSON when imported then one issue says valid JSON was expected', () => {
    const result = importCatalogueJson('{ programs: ');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.expected).toBe('valid JSON');
  });

  it('given a version with several mistakes when imported then every mistake is reported with its path', () => {
    const broken = JSON.parse(example) as { programs: Record<string, unknown>[] };
    const program = broken.programs[0] as Record<string, unknown> & { menus: Record<string, unknown>[] };
    program['period'] = { value: { from: '平成32年度' }, source: { seed: 's', section: 'x' } };
    program['recipientKinds'] = { value: ['ward'], source: { seed: 's', section: 'x' } };
    const menu = program.menus[0] as Record<string, unknown> & { subsidyRates: Record<string, unknown>[] };
    (menu.subsidyRates[0] as Record<string, unknown>)['value'] = '0.5';
    menu['baseAmounts'] = [
      {
        fromProgramYear: 1,
        value: { kind: 'perUnit', thousandYen: 1.5, unit: 'menu' },
        source: { seed: 's', section: 'x' },
      },
    ];
    const paths = issuesOf(broken).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'programs[0].period.value.from',
        'programs[0].recipientKinds.value[0]',
        'programs[0].menus[0].baseAmounts[0].value.thousandYen',
        'programs[0].menus[0].subsidyRates[0].value',
      ]),
    );
  });

  it('given a version starting in the same fiscal year as an existing one when imported then it is refused', () => {
    const clash = JSON.parse(example.replace('令和７年度', '平成29年度')) as unknown;
    expect(
      issuesOf(clash)
        .map((i) => i.reason)
        .join(),
    ).toContain('starts in the same fiscal year');
  });

  it('given a duplicate version id when imported then it is refused', () => {
    const clash = JSON.parse(example.replace('EXAMPLE-R7', 'H23')) as unknown;
    expect(
      issuesOf(clash)
        .map((i) => i.reason)
        .join(),
    ).toContain('duplicate version home-care-environment/H23');
  });

  it('given overlapping programme-year ranges when imported then the menu is refused', () => {
    const overlapping = JSON.parse(example) as { programs: { menus: { subsidyRates: unknown[] }[] }[] };
    const rates = overlapping.programs[0]?.menus[0]?.subsidyRates ?? [];
    rates.push({ fromProgramYear: 3, value: '1/2', source: { seed: 's', section: 'x' } });
    expect(issuesOf(overlapping).map((i) => i.reason)).toContain('programme-year ranges overlap');
  });

  it('given a period that ends before it starts when imported then the error names "until"', () => {
    const backwards = JSON.parse(
      example.replace('"from": "令和７年度"', '"from": "R7", "until": "R6"'),
    ) as unknown;
    expect(issuesOf(backwards).map((i) => i.path)).toContain('programs[0].period.value.until');
  });
});
