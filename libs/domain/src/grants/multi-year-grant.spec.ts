import { describe, expect, it } from '@jest/globals';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import type { Actor } from '../shared/actor.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import {
  isMultiYearProgram,
  multiYearGrantDecider,
  type MultiYearGrantCommand,
  type MultiYearGrantEvent,
} from './multi-year-grant.ts';

const system: Actor = { id: 'system:fiscal-year-rollover', role: 'system' };
const at = new Date('2017-04-01T00:00:00+09:00');
const given = deciderSpec(multiYearGrantDecider(SEED_CATALOGUE));
const hospital = { kind: 'hospital' as const, id: 'hosp-1', municipalityCode: '132012' };
const start = (programId: string, menuId: string, fiscalYear: number): MultiYearGrantCommand => ({
  type: 'StartMultiYearGrant',
  data: { programId, menuId, recipient: hospital, applicationId: 'app-1', fiscalYear },
  actor: system,
  at,
});
const advanceTo = (fiscalYear: number): MultiYearGrantCommand => ({
  type: 'AdvanceProgramYear',
  data: { fiscalYear },
  actor: system,
  at,
});
const history = (...commands: MultiYearGrantCommand[]): MultiYearGrantEvent[] =>
  commands.reduce<MultiYearGrantEvent[]>(
    (events, command) => [...events, ...given(events).when(command).events()],
    [],
  );

describe('multi-year grant (複数年度補助)', () => {
  it('given a year-1 在宅療養移行支援事業 grant in FY2016, when FY2017 begins, then year 2 is funded at 1/2 instead of 10/10', () => {
    const started = history(start('transition-support', 'discharge-staff', 2016));
    expect(started[0]!.data).toMatchObject({
      terms: { fiscalYear: 2016, programYear: 1, subsidyRate: '10/10' },
    });
    const [advanced] = given(started).when(advanceTo(2017)).events();
    expect(advanced).toEqual({
      type: 'ProgramYearAdvanced',
      data: {
        programId: 'transition-support',
        menuId: 'discharge-staff', // named since schema version 2
        recipient: hospital,
        terms: expect.objectContaining({ fiscalYear: 2017, programYear: 2, subsidyRate: '1/2' }),
        previousSubsidyRate: '10/10',
        rateChanged: true,
      },
    });
  });

  it('applies the rate change exactly once: a second rollover for the same year records nothing', () => {
    const events = history(start('transition-support', 'discharge-staff', 2016), advanceTo(2017));
    given(events).when(advanceTo(2017)).then([]);
    given(events)
      .when(start('transition-support', 'discharge-staff', 2016))
      .then([]);
  });

  it('ends the grant after its last programme year (2 years for 在宅療養移行支援事業)', () => {
    const events = history(start('transition-support', 'discharge-staff', 2016), advanceTo(2017));
    expect(given(events).when(advanceTo(2018)).events()).toEqual([
      {
        type: 'MultiYearGrantEnded',
        data: {
          programId: 'transition-support',
          menuId: 'discharge-staff',
          recipient: hospital,
          lastFiscalYear: 2017,
          reason: 'maxProgramYearsReached',
        },
      },
    ]);
  });

  it('for the 平成23年度 先駆 menu, years 1–3 at 10/10; the year after the version ends, the grant ends', () => {
    const events = history(start('home-care-environment', 'pioneer', 2013), advanceTo(2014), advanceTo(2015));
    expect(
      events.map((e) =>
        e.type === 'MultiYearGrantEnded'
          ? e.type
          : (e.data as { terms: { programYear: number; subsidyRate: string } }).terms,
      ),
    ).toEqual([
      expect.objectContaining({ programYear: 1, subsidyRate: '10/10' }),
      expect.objectContaining({ programYear: 2, subsidyRate: '10/10' }),
      expect.objectContaining({ programYear: 3, subsidyRate: '10/10' }),
    ]);
    expect(given(events).when(advanceTo(2016)).events()[0]!.type).toBe('MultiYearGrantEnded'); // 先駆 has 3 years
  });

  it('for 小児等在宅医療推進事業, years 1–3 at 10/10 and year 4 at 1/2 (the rate changes once, in FY2020)', () => {
    const events = history(
      start('pediatric-home-care', 'pediatric-home-care', 2017),
      advanceTo(2018),
      advanceTo(2019),
    );
    expect(events.map((e) => (e.data as { rateChanged?: boolean }).rateChanged)).toEqual([
      undefined,
      false,
      false,
    ]);
    const [year4] = given(events).when(advanceTo(2020)).events();
    expect(year4!.data).toMatchObject({
      terms: { fiscalYear: 2020, programYear: 4, subsidyRate: '1/2' },
      previousSubsidyRate: '10/10',
      rateChanged: true,
    });
  });

  it('a 選択 menu of 平成23年度 cannot start a grant in year 1: it is funded only from year 4, after 先駆', () => {
    given([])
      .when(start('home-care-environment', 'consultation-desk', 2013))
      .thenThrows('RULE_NOT_IN_FORCE');
  });

  it('ends a grant whose programme is no longer in force (the 平成29年度 menus of 在宅療養環境整備支援事業 in FY2018)', () => {
    const events = history(start('home-care-environment', 'council', 2017));
    expect(given(events).when(advanceTo(2018)).events()).toEqual([
      expect.objectContaining({
        type: 'MultiYearGrantEnded',
        data: expect.objectContaining({ lastFiscalYear: 2017, reason: 'programNotInForce' }),
      }),
    ]);
  });

  it('ends a 先駆 grant after year 3 (its menu funds no year 4), and one whose menu the new version no longer offers', () => {
    const fromFy2014 = history(
      start('home-care-environment', 'pioneer', 2014),
      advanceTo(2015),
      advanceTo(2016),
    );
    expect(given(fromFy2014).when(advanceTo(2017)).events()).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ lastFiscalYear: 2016, reason: 'maxProgramYearsReached' }),
      }),
    ]);
    const fromFy2016 = history(start('home-care-environment', 'pioneer', 2016));
    expect(given(fromFy2016).when(advanceTo(2017)).events()).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ lastFiscalYear: 2016, reason: 'menuNotOffered' }),
      }),
    ]);
  });

  it('refuses to advance a grant that never started', () => {
    given([]).when(advanceTo(2017)).thenThrows('GRANT_NOT_STARTED');
  });

  it('knows which programmes run over several years', () => {
    expect(isMultiYearProgram(SEED_CATALOGUE, 'transition-support', 2016)).toBe(true);
    expect(isMultiYearProgram(SEED_CATALOGUE, 'pediatric-home-care', 2017)).toBe(true);
    expect(isMultiYearProgram(SEED_CATALOGUE, 'home-care-environment', 2013)).toBe(true);
    expect(isMultiYearProgram(SEED_CATALOGUE, 'physician-mutual-support', 2017)).toBe(false);
  });
});
