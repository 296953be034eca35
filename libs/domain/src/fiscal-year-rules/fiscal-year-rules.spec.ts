import { describe, expect, it } from '@jest/globals';
// Tests read their fixtures from disk (the README's example file); the domain code itself never does.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { confirmedAmount } from '../applications/application-amounts.ts';
import { DEFAULT_PROGRAM_SCHEDULE, ProgramSchedule } from '../rules/program-schedule.ts';
import { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import type { Actor } from '../shared/actor.ts';
import { foldEvents } from '../shared/decider.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import { yen } from '../shared/money.ts';
import { fiscalYearRulesDecider, releasedVersionsOf } from './fiscal-year-rules-decider.ts';
import type { FiscalYearRulesCommand, FiscalYearRulesEvent } from './fiscal-year-rules-events.ts';

const EXAMPLE = JSON.parse(
  readFileSync(
    new URL('../../../../docs/examples/fiscal-year-rules-r8.example.json', import.meta.url),
    'utf8',
  ),
) as { source: unknown; programs: Record<string, unknown>[]; schedules: Record<string, unknown>[] };

const alice: Actor = { id: 'admin-alice', role: 'admin' };
const bob: Actor = { id: 'admin-bob', role: 'admin' };
const at = new Date('2026-04-01T09:00:00+09:00');

/** The live rules after the given events: the seed catalogue and schedule with the year's released versions. */
function rulesAfter(events: readonly FiscalYearRulesEvent[]) {
  const decider = fiscalYearRulesDecider({ catalogue: SEED_CATALOGUE, schedule: DEFAULT_PROGRAM_SCHEDULE });
  const released = releasedVersionsOf(foldEvents(decider, events));
  return {
    catalogue: new SubsidyProgramCatalogue([...SEED_CATALOGUE.versions, ...released.programs]),
    schedule: new ProgramSchedule([...DEFAULT_PROGRAM_SCHEDULE.versions, ...released.schedules]),
  };
}

const given = (events: readonly FiscalYearRulesEvent[]) =>
  deciderSpec(fiscalYearRulesDecider(rulesAfter(events)))(events);

const propose = (document: unknown, actor: Actor = alice): FiscalYearRulesCommand => ({
  type: 'ProposeFiscalYearRules',
  data: { fiscalYear: 2026, document },
  actor,
  at,
});
const release = (proposalId: string, actor: Actor = bob): FiscalYearRulesCommand => ({
  type: 'ReleaseFiscalYearRules',
  data: { fiscalYear: 2026, proposalId },
  actor,
  at,
});

function proposed(
  document: unknown = EXAMPLE,
  events: readonly FiscalYearRulesEvent[] = [],
): FiscalYearRulesEvent {
  return given(events).when(propose(document)).events()[0]!;
}

describe('a fiscal year’s rules entered by the office (fiscalYearRules)', () => {
  describe('proposing', () => {
    it('given nothing for 令和8年度, when an admin proposes the example, then the proposal records the document with every value cited', () => {
      const events = deciderSpec(fiscalYearRulesDecider(rulesAfter([])))([]).when(propose(EXAMPLE));
      const [event] = events.events();
      expect(event?.type).toBe('FiscalYearRulesProposed');
      const data = event!.data as Extract<FiscalYearRulesEvent, { type: 'FiscalYearRulesProposed' }>['data'];
      expect(data.proposalId).toBe('2026-1');
      expect(data.recorded.actorId).toBe('admin-alice');
      const cited = {
        seed: '【記入例】令和8年度 在宅療養環境整備支援事業 補助金交付要綱（例）（2026-04-01）',
        section: '別表第1',
      };
      expect(data.programs[0]?.period).toEqual({
        value: { from: '令和8年度', until: '令和8年度' },
        source: cited,
      });
      expect(data.programs[0]?.menus[0]?.subsidyRates[0]?.source).toEqual(cited);
    });

    it('refuses a document field by field, naming every bad value, and records nothing', () => {
      const bad = {
        source: { title: '要綱', date: '2026-13-01', section: '' },
        programs: [
          {
            ...EXAMPLE.programs[0],
            menus: [
              {
                menuId: 'x',
                name: { ja: 'x', en: 'x' },
                baseAmounts: [],
                subsidyRates: [{ fromProgramYear: 1, value: '3/2' }],
              },
            ],
          },
        ],
      };
      const error = given([]).when(propose(bad)).thenThrows('INVALID_RULE_DOCUMENT');
      const fields = error.details.errors?.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['source.section', 'source.date']));
      expect(error.details.field).toBe(error.details.errors?.[0]?.field);
    });

    it('reads each menu value through the catalogue’s validation (an impossible rate, an empty base amount list)', () => {
      const bad = {
        ...EXAMPLE,
        programs: [
          {
            ...EXAMPLE.programs[0],
            menus: [
              {
                menuId: 'x',
                name: { ja: 'x', en: 'x' },
                baseAmounts: [],
                subsidyRates: [{ fromProgramYear: 1, value: '3/2' }],
              },
            ],
          },
        ],
      };
      const error = given([]).when(propose(bad)).thenThrows('INVALID_RULE_DOCUMENT');
      expect(error.details.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'programs[0].menus[0].baseAmounts', reason: 'empty' }),
          expect.objectContaining({ field: 'programs[0].menus[0].subsidyRates[0].value', value: '3/2' }),
        ]),
      );
    });

    it('refuses a period other than the fiscal year: an entered version applies to that year’s applications only', () => {
      const bad = {
        ...EXAMPLE,
        programs: [{ ...EXAMPLE.programs[0], period: { value: { from: '令和8年度' } } }],
      };
      const error = given([]).when(propose(bad)).thenThrows('INVALID_RULE_DOCUMENT');
      expect(error.details.field).toBe('programs[0].period.value');
    });

    it('refuses a caseworker: only admins enter rules', () => {
      given([])
        .when(propose(EXAMPLE, { id: 'cw', role: 'caseworker' }))
        .thenThrows('ROLE_NOT_ALLOWED');
    });
  });

  describe('releasing (四つの目)', () => {
    it('given a proposal by alice, when alice releases it, then it is refused: the proposer never releases', () => {
      given([proposed()]).when(release('2026-1', alice)).thenThrows('FOUR_EYES_VIOLATION');
    });

    it('given a proposal by alice, when bob releases it, then it is released and the version is in force for 令和8年度 only', () => {
      const first = proposed();
      const [released] = given([first]).when(release('2026-1')).events();
      expect(released?.type).toBe('FiscalYearRulesReleased');
      const rules = rulesAfter([first, released!]);
      expect(rules.catalogue.ruleAsOf('home-care-environment', fiscalYear(2026)).versionId).toBe('R8');
      expect(() => rules.catalogue.ruleAsOf('home-care-environment', fiscalYear(2027))).toThrow(
        'RULE_NOT_IN_FORCE',
      );
      expect(rules.schedule.scheduleFor('home-care-environment', 2026).applicationCloses).toEqual({
        year: 2027,
        month: 2,
        day: 28,
      });
      // Other years keep their own rules: 平成29年度 is still the seed's H29.
      expect(rules.catalogue.ruleAsOf('home-care-environment', fiscalYear(2017)).versionId).toBe('H29');
    });

    it('refuses to release a withdrawn proposal, and a withdrawal must say why', () => {
      const first = proposed();
      const withdraw = (reason?: string): FiscalYearRulesCommand => ({
        type: 'WithdrawFiscalYearRules',
        data: { fiscalYear: 2026, proposalId: '2026-1' },
        actor: alice,
        at,
        ...(reason ? { reason } : {}),
      });
      given([first]).when(withdraw()).thenThrows('REASON_REQUIRED');
      const [withdrawn] = given([first]).when(withdraw('金額の誤り')).events();
      given([first, withdrawn!]).when(release('2026-1')).thenThrows('RULE_PROPOSAL_NOT_PENDING');
      given([first, withdrawn!]).when(release('2026-9')).thenThrows('UNKNOWN_RULE_PROPOSAL');
    });
  });

  describe('correcting: a released version is never edited', () => {
    const first = proposed();
    const [released] = given([first]).when(release('2026-1')).events();
    const history = [first, released!];
    const corrected = (extra: Record<string, unknown>) => ({
      ...EXAMPLE,
      schedules: [],
      programs: [{ ...EXAMPLE.programs[0], versionId: 'R8-2', ...extra }],
    });

    it('refuses a second version of the year that does not name the one it supersedes', () => {
      const error = given(history)
        .when(propose(corrected({})))
        .thenThrows('INVALID_RULE_DOCUMENT');
      expect(error.details).toMatchObject({
        field: 'programs[0].supersedes',
        expected: 'supersedes "R8" with a reason',
      });
    });

    it('refuses a correction without a reason, and a version id already taken', () => {
      const noReason = given(history)
        .when(propose(corrected({ supersedes: 'R8' })))
        .thenThrows('INVALID_RULE_DOCUMENT');
      expect(noReason.details.field).toBe('programs[0].reason');
      const taken = given(history)
        .when(
          propose({
            ...corrected({ supersedes: 'R8', reason: '誤記' }),
            programs: [{ ...EXAMPLE.programs[0], supersedes: 'R8', reason: '誤記' }],
          }),
        )
        .thenThrows('INVALID_RULE_DOCUMENT');
      expect(taken.details.field).toBe('programs[0].versionId');
    });

    it('corrects the year’s schedule the same way: naming the schedule version it supersedes', () => {
      const schedule = (extra: Record<string, unknown>) => ({
        ...EXAMPLE,
        programs: [],
        schedules: [{ ...EXAMPLE.schedules[0], versionId: 'R8-schedule-2', ...extra }],
      });
      const error = given(history)
        .when(propose(schedule({})))
        .thenThrows('INVALID_RULE_DOCUMENT');
      expect(error.details).toMatchObject({
        field: 'schedules[0].supersedes',
        expected: 'supersedes "R8-schedule" with a reason',
      });
      const fix = schedule({
        supersedes: 'R8-schedule',
        reason: '受付期間の延長',
        applicationWindow: { opens: '4月1日', closes: '3月31日' },
      });
      const second = proposed(fix, history);
      const [secondReleased] = given([...history, second])
        .when(release('2026-2'))
        .events();
      const rules = rulesAfter([...history, second, secondReleased!]);
      expect(rules.schedule.scheduleFor('home-care-environment', 2026).applicationCloses).toEqual({
        year: 2027,
        month: 3,
        day: 31,
      });
    });

    it('given R8 released, when a correction R8-2 is released, then new applications get R8-2 and a case decided under R8 keeps R8', () => {
      const lower = corrected({
        supersedes: 'R8',
        reason: '基準額の誤記訂正',
        menus: [
          {
            ...(EXAMPLE.programs[0]!['menus'] as Record<string, unknown>[])[0],
            baseAmounts: [
              { fromProgramYear: 1, value: { kind: 'perUnit', thousandYen: 8000, unit: 'menu' } },
            ],
          },
        ],
      });
      const second = proposed(lower, history);
      const [secondReleased] = given([...history, second])
        .when(release('2026-2'))
        .events();
      const rules = rulesAfter([...history, second, secondReleased!]);
      expect(rules.catalogue.ruleAsOf('home-care-environment', fiscalYear(2026)).versionId).toBe('R8-2');
      const ref = {
        applicationId: 'a',
        programId: 'home-care-environment',
        menuId: 'consultation-desk',
        fiscalYear: 2026,
        programYear: 1,
        recipient: { kind: 'municipality', id: '131016' },
      } as never;
      const actuals = { quantity: {}, expenditure: yen(12_000_000), otherIncome: yen(0) };
      const keptR8 = confirmedAmount(rules.catalogue, ref, actuals, {
        amount: yen(10_000_000),
        ruleVersionId: 'R8',
      });
      expect(keptR8.decision).toMatchObject({ ruleVersionId: 'R8', amount: 10_000_000 });
      const underR82 = confirmedAmount(rules.catalogue, ref, actuals, {
        amount: yen(10_000_000),
        ruleVersionId: 'R8-2',
      });
      expect(underR82.decision).toMatchObject({ ruleVersionId: 'R8-2', amount: 8_000_000 });
    });
  });
});
