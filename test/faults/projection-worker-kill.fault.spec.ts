import { describe, expect, it } from '@jest/globals';
import { projectionKillScenario } from '../../scripts/faults/projection-kill-scenario.ts';

/**
 * Fault test (scripts/faults, `npm run stress:faults` at volume): the worker's projection runners, in
 * a process of their own, killed with SIGKILL while they project a log being written, started again
 * each time (each start loads the modules afresh: seconds on a loaded machine).
 */
describe('fault: the worker killed with SIGKILL mid-batch of projections', () => {
  it('leaves read models equal to a rebuild from position 0, every event counted', async () => {
    const report = await projectionKillScenario({
      hospitals: 60,
      kills: 2,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    expect(report.kills).toBe(2);
    expect(report.killsWhileBehind).toBeGreaterThan(0); // killed with work in hand
    expect(report.stored).toBe(report.events);
    for (const [projection, applied] of Object.entries(report.applied))
      expect({ projection, applied: applied > 0 }).toEqual({ projection, applied: true });
    expect(Object.values(report.differences).every((n) => n === 0)).toBe(true);
    expect(report.identical).toBe(true);
  }, 90_000);
});
