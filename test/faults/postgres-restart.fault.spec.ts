import { describe, expect, it } from '@jest/globals';
import { postgresRestartScenario } from '../../scripts/faults/postgres-restart-scenario.ts';

/**
 * Fault test (scripts/faults, `npm run stress:faults` at volume): PostgreSQL — a server of the test's
 * own, never the shared one — stopped (immediate, then fast shutdown) and started again while writers
 * append events with ids they chose.
 */
describe('fault: PostgreSQL restarted during appends', () => {
  it('keeps every acknowledged append exactly once, an unacknowledged one at most once, nothing else; revisions contiguous, hash chains verify', async () => {
    const report = await postgresRestartScenario({
      writers: 4,
      appendsPerWriter: 150,
      restarts: 2,
      downMs: 300,
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    expect(report.restarts).toBe(2);
    expect(report.failedAttempts).toBeGreaterThan(0); // the restarts did hit appends
    expect(report.acknowledged).toBeGreaterThan(0);
    expect({
      lost: report.lost,
      duplicated: report.duplicated,
      unknown: report.unknown,
      revisionGaps: report.revisionGaps,
      auditFindings: report.auditFindings,
    }).toEqual({ lost: 0, duplicated: 0, unknown: 0, revisionGaps: 0, auditFindings: [] });
    expect(report.stored).toBe(report.acknowledged + report.unacknowledgedPresent);
  }, 60_000);
});
