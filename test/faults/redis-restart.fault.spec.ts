import { describe, expect, it } from '@jest/globals';
import { EXPECTED_JOB_SCHEDULES, SCHEDULE_RESTORE_BOUND_MS } from '#scheduling';
import { redisRestartScenario } from '../../scripts/faults/redis-restart-scenario.ts';

/**
 * Fault test (scripts/faults, `npm run stress:faults` at volume): Redis — a redis-server of the test's
 * own without persistence, never the shared one — shut down (nosave) and started empty while the real
 * worker runs the 1 April rollover and the real api answers /health.
 */
describe('fault: Redis restarted during the fiscal-year rollover', () => {
  it('advances every grant exactly once; the schedules are back within the stated bound and /health never says "ok" while one is missing', async () => {
    const report = await redisRestartScenario({
      grants: 300,
      restarts: 2,
      downMs: 300,
      boundMs: SCHEDULE_RESTORE_BOUND_MS,
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    expect(report.restarts).toBe(2);
    for (const n of report.advancedAtRestart) expect(n).toBeLessThan(report.grants); // mid-rollover
    for (const ms of report.schedulesBackMs) expect(ms).toBeLessThanOrEqual(SCHEDULE_RESTORE_BOUND_MS);
    expect(report.healthOkWhileMissing).toBe(0);
    expect({
      grants: report.grants,
      advanced: report.advanced,
      lost: report.lost,
      duplicated: report.duplicated,
    }).toEqual({
      grants: 300,
      advanced: 300,
      lost: 0,
      duplicated: 0,
    });
    expect(report.rolledOverRecords).toBe(1);
    expect(report.schedulesAtEnd).toEqual([...EXPECTED_JOB_SCHEDULES].sort());
    expect(report.healthFinal).toEqual({ status: 'ok', httpStatus: 200, missingSchedules: [] });
  }, 60_000);
});
