import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type RuntimeConfig } from '#platform';
import { runSimulation, type SimulationResult } from './run-simulation.ts';
import { seedScenario } from './seed-scenario.ts';

/**
 * The seeds' 平成26–29年度 on a virtual clock, twice, each on a database of its own: the real command
 * handlers, job handlers and event store write the same log both times, and the figures are the seeds'.
 */
describe('the simulation of 平成26–29年度 (real PostgreSQL)', () => {
  const databases: string[] = [];
  let admin: pg.Client;
  let first: SimulationResult;
  let second: SimulationResult;

  async function freshConfig(): Promise<RuntimeConfig> {
    const name = `zaitaku_simulation_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return {
      ...loadConfig({ DATABASE_URL: url.toString() }),
      databaseUrl: url.toString(),
      embeddedDatabase: false,
    };
  }
  const simulate = async () =>
    runSimulation({
      from: '2014-04-01',
      to: '2018-03-31',
      config: await freshConfig(),
      steps: seedScenario(),
    });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
    first = await simulate();
    second = await simulate();
  }, 120_000);
  afterAll(async () => {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const cell = (result: SimulationResult, label: string, fy: number) =>
    result.report.rows.find((row) => row.label === label)!.cells[result.report.fiscalYears.indexOf(fy)]!;

  it('writes the same event log twice: same number of events, same rolling hash at the end', () => {
    expect(first.eventCount).toBeGreaterThan(100);
    expect(second.eventCount).toBe(first.eventCount);
    expect(second.logHash).toBe(first.logHash);
    expect(first.logHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs every job occurrence of four years: 1,461 days × 2 daily jobs, 4 rollovers, 4 round openings', () => {
    expect(first.jobRuns).toBe(1461 * 2 + 4 + 4);
  });

  it('funds 在宅療養移行支援事業 at 10/10 in 平成28年度 and at 1/2 in 平成29年度 (7,200千円 → 3,600千円)', () => {
    expect(cell(first, '在宅療養移行支援事業', 2016)).toEqual(
      expect.arrayContaining(['交付決定1 7,200千円', '1年目 10/10']),
    );
    expect(cell(first, '在宅療養移行支援事業', 2017)).toEqual(
      expect.arrayContaining(['交付決定1 3,600千円', '2年目 1/2']),
    );
  });

  it('follows the training → next-year application chain of 在宅療養移行体制確保事業', () => {
    expect(cell(first, '③退院支援人材育成研修 修了', 2015)).toEqual(['1名']);
    expect(cell(first, '研修修了による申請開始', 2016)).toEqual(['2病院']);
    expect(cell(first, '②受講義務 (③修了者)', 2016)).toEqual(['1名']);
    expect(cell(first, '在宅療養移行体制確保事業', 2016)).toEqual(['申請2', '交付決定2 7,200千円']);
  });

  it('ends 先駆 after its three years at 10/10', () => {
    expect(cell(first, '在宅療養環境整備支援事業', 2016)).toContain('3年目 10/10');
    expect(cell(first, '在宅療養環境整備支援事業', 2017)).toContain('補助期間終了');
  });

  it('designates at the cut-off what was recommended in 平成29年度, in the seed status form', () => {
    const round = first.designations.find((d) => d.fiscalYear === 2017)!;
    expect(round.status).toMatchObject({
      municipalitiesWithDesignations: 5,
      designatedInstitutions: 6,
      municipalitiesInAdjustment: 57,
    });
    expect(round.hubSurvey).toMatchObject({ answered: 3, surveyed: 62 });
  });
});
