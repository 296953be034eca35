import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import request from 'supertest';
import { freePort } from '../../scripts/faults/free-port.ts';
import { bearer } from './access-app.ts';

/**
 * `npm run demo` as a user runs it (the built script): the seeds' years on a virtual clock, on a database
 * of its own (SANDBOX_DATABASE_URL: a scratch database on the test server instead of .data/pg-demo).
 */
describe('npm run demo: the sandbox on the seeds’ years', () => {
  const demo = (args: string[], env: Record<string, string | undefined> = {}) =>
    spawnSync(process.execPath, ['dist/scripts/demo.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      timeout: 60_000,
    });

  it('refuses to start with NODE_ENV=production (exit 2, saying why), before touching any database', () => {
    const run = demo([], {
      NODE_ENV: 'production',
      SANDBOX_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('refused with NODE_ENV=production');
  });

  it.each([
    [['--date', '2018-13-40'], '--date "2018-13-40" is not a calendar date YYYY-MM-DD'],
    [['--date', '2030-04-01'], "--date 2030-04-01 is outside the seeds' years"],
    [['--tomorrow'], 'unknown argument --tomorrow'],
  ])('refuses %j with exit code 2 and says why', (args, message) => {
    const run = demo(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  describe('started on a database of its own', () => {
    const database = `zaitaku_sandbox_${Date.now().toString(36)}`;
    const serverUrl = new URL(process.env.DATABASE_URL!);
    const sandboxUrl = new URL(serverUrl);
    sandboxUrl.pathname = `/${database}`;
    let child: ChildProcess;
    let base: string;
    let output = '';
    const as: Record<string, string> = {};

    const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: serverUrl.toString() });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      await admin((c) => c.query(`CREATE DATABASE "${database}"`));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, ['dist/scripts/demo.js', '--date', '2018-04-02'], {
        env: {
          ...process.env,
          PORT: String(port),
          LOG_LEVEL: 'error',
          SANDBOX_DATABASE_URL: sandboxUrl.toString(),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk) => (output += String(chunk)));
      child.stderr!.on('data', (chunk) => (output += String(chunk)));
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes('SANDBOX —')) {
            clearInterval(timer);
            resolve();
          }
        }, 200);
        child.once('exit', (code) => {
          clearInterval(timer);
          reject(new Error(`npm run demo exited with ${code}:\n${output}`));
        });
      });
      as.admin = await bearer({ sub: 'admin-1', role: 'admin' });
      as.caseworker = await bearer({ sub: 'cw-1', role: 'caseworker' });
    }, 300_000);

    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    }, 60_000);

    const get = (path: string, who?: string) => {
      const call = request(base).get(path);
      return who ? call.set('Authorization', who) : call;
    };
    const post = (path: string, body: object, who: string) =>
      request(base).post(path).set('Authorization', who).send(body);
    /** Polls a query until the worker's read models have caught up with the seeded log. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, as supertest types them
    async function eventually(read: () => Promise<any>, done: (value: any) => boolean): Promise<any> {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const value = await read();
        if (done(value) || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }

    it('says it is a sandbox and what its date is: the banner, /health and GET /sandbox', async () => {
      expect(output).toContain('today is 2018-04-02 (平成30年度)');
      const health = (await get('/health')).body;
      expect(health.sandbox).toMatchObject({
        sandbox: true,
        date: '2018-04-02',
        fiscalYearLabel: '平成30年度',
      });
      const status = (await get('/sandbox')).body;
      expect(status).toMatchObject({ date: '2018-04-02', fiscalYear: 2018 });
    });

    it('holds the seeded years: cases in the work queue, the 平成29年度 round with its status, a timeline with the rate change', async () => {
      const queue = await eventually(
        async () => (await get('/work-queue?limit=100', as.caseworker)).body,
        (body) => (body.items?.length ?? 0) > 0,
      );
      expect(queue.items.length).toBeGreaterThan(0);
      const round = (await get('/designation-rounds/2017', as.caseworker)).body;
      expect(round.status.designatedInstitutions).toBeGreaterThan(0);
      const timelines = await eventually(
        async () =>
          (await get('/recipients/hospital/hosp-101/timeline?programId=transition-support', as.caseworker))
            .body,
        (body) => (body.timelines?.[0]?.timeline.years.length ?? 0) >= 2,
      );
      const years = timelines.timelines[0].timeline.years as {
        fiscalYear: number;
        programYear: number;
        rule: { menus: { subsidyRate: string }[] };
      }[];
      expect(years.map((y) => [y.fiscalYear, y.programYear, y.rule.menus[0]!.subsidyRate])).toEqual(
        expect.arrayContaining([
          [2016, 1, '10/10'],
          [2017, 2, '1/2'],
        ]),
      );
    }, 120_000);

    it('an admin moves the date forward and the jobs run for the days passed; never backwards; only an admin', async () => {
      const refused = await post('/sandbox/clock', { date: '2018-04-10' }, as.caseworker!);
      expect(refused.status).toBe(403);
      const moved = await post('/sandbox/clock', { date: '2018-04-10' }, as.admin!);
      expect(moved.status).toBe(201);
      const body = moved.body;
      expect(body).toMatchObject({ sandbox: true, date: '2018-04-10' });
      // 8 days: the daily reminders (08:00) and designation steps (09:00) of 3–10 April.
      expect(body.jobRuns.filter((r: string) => r.startsWith('due-date-reminders '))).toHaveLength(8);
      expect(body.jobRuns.filter((r: string) => r.startsWith('designation-cycle-daily '))).toHaveLength(8);
      const back = await post('/sandbox/clock', { date: '2018-04-01' }, as.admin!);
      expect(back.status).toBe(422);
      expect(back.body).toMatchObject({
        error: 'INVALID_COMMAND_DATA',
        field: 'date',
        value: '2018-04-01',
      });
      const bad = await post('/sandbox/clock', { date: 'tomorrow' }, as.admin!);
      expect(bad.status).toBe(400);
      expect((await get('/sandbox')).body.date).toBe('2018-04-10');
    }, 120_000);

    it('takes a new case through its stages on the sandbox date: drafted, submitted, reviewed, decided', async () => {
      const hachioji = await bearer({ sub: 'm-hachioji', role: 'municipality', municipalityCode: '132012' });
      const approver = await bearer({ sub: 'ap-1', role: 'approver' });
      const id = `demo-${Date.now().toString(36)}`;
      const draft = await post(
        '/applications',
        {
          applicationId: id,
          programId: 'pediatric-home-care',
          menuId: 'pediatric-home-care',
          fiscalYear: 2018,
          programYear: 1,
          recipient: { kind: 'municipality', id: 'muni-132012', municipalityCode: '132012' },
          plannedExpenditure: 12_000_000,
          otherIncome: 0,
        },
        hachioji,
      );
      expect(draft.status).toBe(201);
      expect((await post(`/applications/${id}/submit`, {}, hachioji)).status).toBe(201);
      const facts = { applicant: { kind: 'municipality' }, expensesInLongTermCareSpecialAccount: false };
      expect((await post(`/applications/${id}/review`, { facts }, as.caseworker!)).status).toBe(201);
      const decided = await post(`/applications/${id}/grant`, {}, approver);
      expect(decided.status).toBe(201);
      const view = (await get(`/applications/${id}`, as.caseworker)).body;
      expect(view).toMatchObject({ stage: 'GrantDecided', amounts: { granted: { amount: 10_000_000 } } });
      expect(view.state.submittedOn).toBe('2018-04-10'); // the sandbox's date, not the machine's
    }, 120_000);
  });
});
