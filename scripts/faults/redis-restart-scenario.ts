import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { multiYearGrantStreamId, type ApplicationRecipient } from '#domain';
import { loadConfig, systemClock, type RuntimeConfig } from '#platform';
import {
  BullMqScheduler,
  DEFAULT_QUEUE_NAME,
  EXPECTED_JOB_SCHEDULES,
  fiscalYearRolloverJob,
  missingJobSchedules,
} from '#scheduling';
import { createCommandGateway, SEED_APPLICATION_RULES } from '#workflow';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.ts';
import { startPrivateDatabase } from './private-database.ts';
import { startPrivateRedis } from './private-redis.ts';

export interface RedisRestartOptions {
  /** Multi-year grants the rollover advances. */
  readonly grants: number;
  /** Redis restarts (shutdown nosave, start empty) while the rollover runs. */
  readonly restarts: number;
  /** How long Redis stays down each time. */
  readonly downMs: number;
  /** Longest time allowed from Redis being reachable again to every expected schedule being back. */
  readonly boundMs: number;
  readonly log?: (line: string) => void;
}

export interface HealthSample {
  readonly status: string;
  readonly httpStatus: number;
  readonly missingSchedules: readonly string[] | null;
}

export interface RedisRestartReport {
  readonly restarts: number;
  /** ProgramYearAdvanced events written when each restart began (all below `grants`: mid-rollover). */
  readonly advancedAtRestart: readonly number[];
  /** Per restart: ms from Redis accepting connections again to every expected schedule registered. */
  readonly schedulesBackMs: readonly number[];
  /** /health answers while a schedule was missing, and how many of them said "ok" (must be 0). */
  readonly healthWhileMissing: number;
  readonly healthOkWhileMissing: number;
  readonly healthFinal: HealthSample;
  readonly grants: number;
  readonly advanced: number;
  /** Grants with no ProgramYearAdvanced (lost) and with more than one (duplicated): must be 0. */
  readonly lost: number;
  readonly duplicated: number;
  readonly rolledOverRecords: number;
  readonly schedulesAtEnd: readonly string[];
}

const FISCAL_YEAR = 2016;
const ROLLOVER_AT = new Date('2017-04-01T00:00:00+09:00');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis restarted empty (shutdown nosave, a redis-server of its own) while the real worker runs the
 * 1 April rollover over `grants` multi-year grants, the real api answering /health on a loopback port.
 * Counts: one rate change (ProgramYearAdvanced) per grant, exactly once, after the rollover is run
 * again as the recovery would (the same instant: the job's ids make it a no-op); the expected
 * schedules back within `boundMs` of each restart; /health never "ok" while one is missing.
 */
export async function redisRestartScenario(options: RedisRestartOptions): Promise<RedisRestartReport> {
  const log = options.log ?? (() => undefined);
  const redis = await startPrivateRedis();
  const db = await startPrivateDatabase();
  let worker: INestApplicationContext | undefined;
  let api: INestApplication | undefined;
  const probe = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  probe.on('error', () => undefined);
  const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: probe });
  queue.on('error', () => undefined);
  const rollover = new BullMqScheduler({
    redisUrl: redis.url,
    clock: systemClock,
    work: false,
    jobs: [fiscalYearRolloverJob({ store: db.store, rules: SEED_APPLICATION_RULES })],
  });
  try {
    const streams = await seedGrants(options.grants, db.store);
    log(`${streams.length} multi-year grants of FY${FISCAL_YEAR} started`);
    const config = runtimeConfig(db.url, redis.url);
    worker = await createWorkerApp(config);
    api = await createApiApp(config);
    await api.listen(0, '127.0.0.1');
    const healthUrl = `${await api.getUrl()}/health`.replace('[::1]', '127.0.0.1');
    const health = async (): Promise<HealthSample> => {
      const response = await fetch(healthUrl);
      const body = (await response.json()) as { status: string; jobs: { missingSchedules: string[] | null } };
      return {
        status: body.status,
        httpStatus: response.status,
        missingSchedules: body.jobs.missingSchedules,
      };
    };
    const missing = async () => missingJobSchedules(EXPECTED_JOB_SCHEDULES, await queue.getJobSchedulers());
    if ((await missing()).length > 0)
      throw new Error(`the worker did not register ${(await missing()).join(', ')}`);

    const advanced = async () =>
      Number(
        (
          await db.pool.query<{ n: string }>(
            "SELECT count(*)::text AS n FROM event_store.events WHERE event_type = 'ProgramYearAdvanced'",
          )
        ).rows[0]!.n,
      );
    await rollover.trigger('fiscal-year-rollover', ROLLOVER_AT);

    const advancedAtRestart: number[] = [];
    const schedulesBackMs: number[] = [];
    let healthWhileMissing = 0;
    let healthOkWhileMissing = 0;
    for (let r = 0; r < options.restarts; r++) {
      // Into the rollover (further with each restart), then Redis goes away, all of it.
      const threshold = Math.max(1, Math.floor((options.grants * (r + 1)) / (options.restarts + 2)));
      for (let n = await advanced(); n < threshold; n = await advanced()) await sleep(10);
      advancedAtRestart.push(await advanced());
      await redis.stop();
      await sleep(options.downMs);
      await redis.start();
      const back = Date.now();
      let restored: number | undefined;
      while (Date.now() - back < options.boundMs + 5_000) {
        const [missingNow, sample] = await Promise.all([
          missing().catch(() => null),
          health().catch(() => null),
        ]);
        if (sample?.missingSchedules && sample.missingSchedules.length > 0) {
          healthWhileMissing++;
          if (sample.status === 'ok') healthOkWhileMissing++;
        }
        if (missingNow !== null && missingNow.length === 0) {
          restored = Date.now() - back;
          break;
        }
        await sleep(20);
      }
      schedulesBackMs.push(restored ?? Number.POSITIVE_INFINITY);
      log(
        `restart ${r + 1}: ${advancedAtRestart[r]} of ${options.grants} grants advanced when Redis stopped; ` +
          `schedules back ${restored === undefined ? 'NEVER' : `${restored} ms`} after Redis was reachable again`,
      );
    }

    // The recovery: the rollover run again for the same instant (Redis lost its record of the run).
    const rolledOver = async () => (await db.store.readStream('fiscalYearRollover-2017')).length;
    // Generous: the rollover takes its time on a loaded machine (about 10 ms a grant here).
    const deadline = Date.now() + 60_000 + options.grants * 100;
    while ((await rolledOver()) === 0 && Date.now() < deadline) await sleep(100);
    log(`rollover recorded; run again for the same instant`);
    await rollover.trigger('fiscal-year-rollover', ROLLOVER_AT);
    while ((await queue.getCompletedCount()) === 0 && Date.now() < deadline) await sleep(100);

    // Health once Redis and every client are back.
    const unanswered: HealthSample = { status: 'unanswered', httpStatus: 0, missingSchedules: null };
    let healthFinal = await health().catch(() => unanswered);
    while (healthFinal.httpStatus !== 200 && Date.now() < deadline) {
      await sleep(100);
      healthFinal = await health().catch(() => unanswered);
    }

    const perGrant = new Map<string, number>(streams.map((s) => [s, 0]));
    const { rows } = await db.pool.query<{ stream_id: string; n: number }>(
      "SELECT stream_id, count(*)::integer AS n FROM event_store.events WHERE event_type = 'ProgramYearAdvanced' GROUP BY stream_id",
    );
    for (const row of rows) perGrant.set(row.stream_id, row.n);
    return {
      restarts: advancedAtRestart.length,
      advancedAtRestart,
      schedulesBackMs,
      healthWhileMissing,
      healthOkWhileMissing,
      healthFinal,
      grants: streams.length,
      advanced: [...perGrant.values()].reduce((a, b) => a + b, 0),
      lost: [...perGrant.values()].filter((n) => n === 0).length,
      duplicated: [...perGrant.values()].filter((n) => n > 1).length,
      rolledOverRecords: await rolledOver(),
      schedulesAtEnd: (await queue.getJobSchedulers()).map((s) => s.key).sort(),
    };
  } finally {
    await rollover.close();
    await queue.close().catch(() => undefined);
    probe.disconnect();
    await api?.close();
    await worker?.close();
    await db.close();
    await redis.stop();
  }
}

function runtimeConfig(databaseUrl: string, redisUrl: string): RuntimeConfig {
  const config = loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'error' });
  return { ...config, databaseUrl, embeddedDatabase: false };
}

/** `grants` multi-year grants started in FY2016 (year 1), 8 at a time: what the rollover advances. */
async function seedGrants(grants: number, store: Parameters<typeof createCommandGateway>[0]) {
  const recipients: ApplicationRecipient[] = Array.from({ length: grants }, (_, i) => ({
    kind: 'hospital',
    id: `hosp-${i}`,
    municipalityCode: '131016',
  }));
  const queue = [...recipients];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let recipient = queue.shift(); recipient; recipient = queue.shift()) {
        await createCommandGateway(store).send(
          'multiYearGrant',
          { programId: 'transition-support', menuId: 'discharge-staff', recipient },
          {
            type: 'StartMultiYearGrant',
            data: {
              programId: 'transition-support',
              menuId: 'discharge-staff',
              recipient,
              applicationId: `app-${recipient.id}`,
              fiscalYear: FISCAL_YEAR,
            },
            actor: { id: 'system:fault-test', role: 'system' },
            at: new Date('2016-05-01T10:00:00+09:00'),
          },
          { metadata: { correlationId: 'fault-setup' } },
        );
      }
    }),
  );
  return recipients.map((r) => multiYearGrantStreamId('transition-support', 'discharge-staff', r));
}

/** What must not happen, named (empty: the run held). */
export function redisRestartAnomalies(report: RedisRestartReport, boundMs: number): string[] {
  return [
    ...(report.lost > 0 ? [`${report.lost} grants not advanced`] : []),
    ...(report.duplicated > 0 ? [`${report.duplicated} grants advanced more than once`] : []),
    ...(report.rolledOverRecords !== 1 ? [`${report.rolledOverRecords} rollover records (expected 1)`] : []),
    ...report.schedulesBackMs
      .map((ms, i) => (ms > boundMs ? `restart ${i + 1}: schedules back after ${ms} ms > ${boundMs} ms` : ''))
      .filter(Boolean),
    ...(report.healthOkWhileMissing > 0
      ? [`/health said ok ${report.healthOkWhileMissing} times while a schedule was missing`]
      : []),
    ...(report.schedulesAtEnd.length !== EXPECTED_JOB_SCHEDULES.length
      ? [`schedules at the end: ${report.schedulesAtEnd.join(', ')}`]
      : []),
    ...(report.healthFinal.status !== 'ok'
      ? [`/health at the end: ${JSON.stringify(report.healthFinal)}`]
      : []),
  ];
}
