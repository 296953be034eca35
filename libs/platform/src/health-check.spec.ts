import { describe, expect, it } from '@jest/globals';
import { checkDependency } from './health-check.ts';
import { healthReport, servesTraffic } from './health-checker.ts';

describe('checkDependency', () => {
  it('reports up with the probe latency', async () => {
    const check = await checkDependency(() => new Promise((resolve) => setTimeout(resolve, 20)), 1000);
    expect(check.status).toBe('up');
    expect(check.latencyMs).toBeGreaterThanOrEqual(15);
    expect(check.error).toBeUndefined();
  });

  it('reports down with the reason when the probe fails', async () => {
    const check = await checkDependency(() => Promise.reject(new Error('connect ECONNREFUSED')), 1000);
    expect(check).toEqual({ status: 'down', latencyMs: expect.any(Number), error: 'connect ECONNREFUSED' });
  });

  it('reports down when a synchronous probe throws', async () => {
    const check = await checkDependency(() => {
      throw new TypeError('broken');
    });
    expect(check).toMatchObject({ status: 'down', error: 'broken' });
  });

  it('gives up on a probe that never answers after the timeout', async () => {
    const started = Date.now();
    const check = await checkDependency(() => new Promise(() => undefined), 50);
    expect(check).toMatchObject({ status: 'down', error: 'no answer within 50 ms' });
    expect(check.latencyMs).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('names every cause of an AggregateError without a message (IPv4 and IPv6 refused)', async () => {
    const error = new AggregateError([
      new Error('connect ECONNREFUSED ::1:6390'),
      new Error('connect ECONNREFUSED 127.0.0.1:6390'),
    ]);
    const check = await checkDependency(() => Promise.reject(error));
    expect(check.error).toBe('connect ECONNREFUSED ::1:6390; connect ECONNREFUSED 127.0.0.1:6390');
  });
});

describe('healthReport (terminus result to the /health report)', () => {
  const up = { status: 'up', latencyMs: 1 } as const;
  const down = { status: 'down', latencyMs: 1000, error: 'no answer within 1000 ms' } as const;
  const lag = {
    status: 'ok',
    events: 0,
    seconds: 0,
    writtenHead: '5',
    readableHead: '5',
    thresholdSeconds: 30,
  };

  it('is ok only when every indicator is up; the dependencies keep their shape, the lag its report', () => {
    const report = healthReport({
      status: 'ok',
      details: { eventStore: up, readDatabase: up, redis: up, readableLag: { status: 'up', lag } },
    });
    expect(report).toEqual({
      status: 'ok',
      checks: { eventStore: up, readDatabase: up, redis: up },
      readableLag: lag,
    });
  });

  it('is degraded, and does not serve traffic, when one is down; degraded but serving when one is degraded', () => {
    const failed = { status: 'error', details: { eventStore: up, readDatabase: up, redis: down } } as const;
    expect(healthReport(failed)).toEqual({
      status: 'degraded',
      checks: { eventStore: up, readDatabase: up, redis: down },
    });
    expect(servesTraffic(failed)).toBe(false);
    const impaired = {
      status: 'degraded',
      details: { eventStore: up, readDatabase: up, redis: up, jobs: { status: 'degraded' } },
    } as const;
    expect(healthReport(impaired).status).toBe('degraded');
    expect(servesTraffic(impaired)).toBe(true);
    expect(servesTraffic({ ...failed, status: 'shutting_down' })).toBe(false);
  });
});
