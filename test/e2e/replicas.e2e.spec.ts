import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import {
  openReadModelDataSource,
  READ_MODEL_PROJECTORS,
  readCheckpoints,
  readLeaseOwners,
} from '#projections';
import { DEFAULT_QUEUE_NAME, EXPECTED_JOB_SCHEDULES } from '#scheduling';
import { verifyProjection } from '../../libs/projections/src/rebuild/projection-rebuild.ts';
import { freePort } from '../../scripts/faults/free-port.ts';
import { bearer } from './access-app.ts';
import { caseworker, municipality, uniqueId } from './cases-app.ts';

const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';
const NAMES = READ_MODEL_PROJECTORS.map((projector) => projector.name);
/** An api alone boots in about 16 s on the shared 2-core machine under load; four at once take longer. */
const STARTUP_MS = 120_000;

/** A built entry point as its own process, its output kept for the failure message. */
class Replica {
  output = '';
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  static spawn(entry: string, env: Record<string, string>): Replica {
    return new Replica(
      spawn(process.execPath, [resolve(entry)], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  /** The owner name its projection leases carry (ProjectionLeases' default). */
  get owner(): string {
    return `${hostname()}/${this.child.pid}`;
  }

  /** `signal`, then SIGKILL if it has not exited within the apps' 20 s shutdown deadline and a little. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const late = setTimeout(() => this.child.kill('SIGKILL'), 25_000);
    await this.exited;
    clearTimeout(late);
  }
}

/**
 * Past one machine: 2 api and 2 worker processes (the built entry points, as containers run them) on
 * one scratch PostgreSQL database and one Redis database of their own. Each projection runs in one
 * worker; the one running them is killed with SIGKILL while both apis keep taking commands; the other
 * takes every projection over from its checkpoint, and the read models equal a rebuild from the log.
 * Fiscal years 7201–7399: this spec's band.
 */
describe('replicas: 2 apis and 2 workers on one PostgreSQL and one Redis', () => {
  const database = `zaitaku_replicas_${Date.now().toString(36)}`;
  const serverUrl = new URL(process.env.DATABASE_URL!);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  // A Redis database of its own (8 above the suite's): these workers' job schedules stay out of the suite's.
  const suiteRedis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const redis = new URL(suiteRedis);
  redis.pathname = `/${(Number(suiteRedis.pathname.slice(1) || '0') + 8) % 16}`;
  const fy = 7201 + Math.floor(Math.random() * 199);
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: redis.toString(),
    AUDIT_WITNESS_DIR: join(tmpdir(), `zaitaku-replicas-witness-${process.pid}`),
    PROJECTION_LEASE_POLL_MS: '500',
  };
  const apis: { replica: Replica; base: string }[] = [];
  const workers: Replica[] = [];
  let dataSource: DataSource;
  let store: PostgresEventStore;

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const everyone = () => [...apis.map((api) => api.replica), ...workers];
  const outputs = () =>
    everyone()
      .map((replica) => replica.output)
      .join('\n---\n');
  /** Polls `read` until `done`; the bound is generous for starting processes on a loaded machine. */
  async function until<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)}):\n${outputs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const owners = async () => Object.fromEntries(await readLeaseOwners(dataSource.manager));
  const ownedBy = (owner: string) => (held: Record<string, string>) =>
    NAMES.every((name) => held[name] === owner);

  function startApi(): Promise<void> {
    return (async () => {
      const port = await freePort();
      const replica = Replica.spawn('dist/apps/api/src/main.js', {
        ...env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      });
      const base = `http://127.0.0.1:${port}`;
      apis.push({ replica, base });
      await until(
        () =>
          request(base)
            .get('/health')
            .then(
              (r) => r.status,
              () => 0,
            ),
        (status) => status === 200,
        `the api on ${port}`,
        STARTUP_MS,
      );
    })();
  }
  function startWorker(): Replica {
    const replica = Replica.spawn('dist/apps/worker/src/main.js', { ...env, LOG_LEVEL: 'log' });
    workers.push(replica);
    return replica;
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    // Three processes migrate the empty database at once (under the migrations' locks); the first
    // worker takes every lease, the second starts once it has.
    const first = startWorker();
    const apisUp = Promise.all([startApi(), startApi()]);
    await until(
      async () => first.output,
      (out) => /redis: .* — up/.test(out),
      'the first worker',
      STARTUP_MS,
    );
    startWorker();
    await apisUp;
    await until(
      async () => workers[1]!.output,
      (out) => /redis: .* — up/.test(out),
      'the second worker',
      STARTUP_MS,
    );
    dataSource = await openReadModelDataSource({ url: url.toString() });
    store = await PostgresEventStore.open({
      connectionString: url.toString(),
      clock: systemClock,
      migrate: false,
    });
  }, 3 * STARTUP_MS);

  afterAll(async () => {
    await Promise.all(everyone().map((replica) => replica.stop()));
    await dataSource?.destroy();
    await store?.close();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }, 60_000);

  let written = 0;
  /** A command through the api `written` picks (alternating): a draft, or a budget every fourth. */
  async function command(): Promise<bigint> {
    const n = written++;
    const { base } = apis[n % apis.length]!;
    const response =
      n % 4 === 3
        ? await request(base)
            .post('/budgets')
            .set('Authorization', await bearer(caseworker))
            .send({ programId: PEDIATRIC, fiscalYear: fy, amount: 1_000_000 * (n + 1), reason: `run ${n}` })
        : await request(base)
            .post('/applications')
            .set('Authorization', await bearer(municipality(CHIYODA)))
            .send({
              applicationId: uniqueId(`replica-${n}`),
              programId: PEDIATRIC,
              menuId: PEDIATRIC,
              fiscalYear: fy,
              programYear: 1,
              recipient: { kind: 'municipality', id: `muni-${CHIYODA}`, municipalityCode: CHIYODA },
              plannedExpenditure: 1_000_000 + n,
              otherIncome: 0,
            });
    if (response.status !== 201)
      throw new Error(`command ${n} → ${response.status}: ${JSON.stringify(response.body)}`);
    return BigInt(response.body.position);
  }
  const caughtUp = (head: bigint) => async () => {
    const positions = (await readCheckpoints(dataSource.manager, NAMES)).map((c) => c.position);
    return positions.length === NAMES.length && positions.every((position) => position >= head);
  };

  it('runs each projection in one worker; SIGKILLed, the other takes over from the checkpoints and the read models equal a rebuild', async () => {
    const [active, standby] = workers as [Replica, Replica];
    expect(await until(owners, ownedBy(active.owner), 'the first worker to hold every lease')).toEqual(
      Object.fromEntries(NAMES.map((name) => [name, active.owner])),
    );
    // Two workers registered the job schedules: still one scheduler per job.
    const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: redis.toString() } });
    try {
      const schedulers = (await queue.getJobSchedulers()).map((scheduler) => scheduler.key).sort();
      expect(schedulers).toEqual([...EXPECTED_JOB_SCHEDULES].sort());
    } finally {
      await queue.close();
    }

    let head = 0n;
    for (let i = 0; i < 8; i++) head = await command();
    await until(caughtUp(head), Boolean, 'the read models to reach the commands');
    expect(standby.output).not.toMatch(/lease taken/);

    // Kill the projecting worker while both apis keep taking commands.
    let writing = true;
    const writer = (async () => {
      while (writing) head = await command();
    })();
    let takeoverMs: number;
    try {
      await until(
        async () => written,
        (count) => count >= 12,
        'commands before the kill',
      );
      const killedAt = Date.now();
      await active.stop('SIGKILL');
      await until(owners, ownedBy(standby.owner), 'the standby worker to take every lease');
      takeoverMs = Date.now() - killedAt;
      await until(
        async () => written,
        (count) => count >= 24,
        'commands after the takeover',
      );
    } finally {
      writing = false;
      await writer;
    }
    await until(caughtUp(head), Boolean, 'the read models to reach the last command');
    expect(standby.output).toMatch(/lease taken by .*, running/);
    process.stdout.write(`replicas.e2e: ${written} commands, takeover after SIGKILL in ${takeoverMs} ms\n`);

    // Read your own writes through either api, then the read models against a rebuild from the log.
    const drafts = written - Math.floor(written / 4); // every fourth command is a budget
    for (const { base } of apis) {
      const listed = await request(base)
        .get(`/programs/${PEDIATRIC}/fiscal-years/${fy}/applications?afterPosition=${head}`)
        .set('Authorization', await bearer(caseworker));
      expect(listed.status).toBe(200);
      expect(listed.body.countsByStage).toEqual({ Draft: drafts });
    }
    // The operator's view: every projection with the worker that now runs it.
    const status = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        ['dist/scripts/cli.js', 'projections', 'status'],
        { env: { ...process.env, ...env } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
    for (const name of NAMES)
      expect(status.stdout).toMatch(
        new RegExp(`^${name}: v\\d+ running at \\d+ of \\d+, worker ${standby.owner}$`, 'm'),
      );

    for (const projector of READ_MODEL_PROJECTORS) {
      const report = await verifyProjection({ url: url.toString(), store, projector });
      expect({ name: projector.name, identical: report.identical }).toEqual({
        name: projector.name,
        identical: true,
      });
    }
  }, 120_000);
});
