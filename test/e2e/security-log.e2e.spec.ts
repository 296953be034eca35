import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger, type INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { ANONYMOUS_REFUSALS_PER_MINUTE } from '../../apps/api/src/security-log/refusal-recorder.ts';
import { bearer, rawBearer } from './access-app.ts';
import { auditor, municipality, uniqueId, RUN } from './cases-app.ts';
import { useCasesApp } from './cases-harness.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import {
  caseUnderReview,
  CHIYODA,
  DAYS,
  HACHIOJI,
  freshId,
  pediatricCase,
  securityLog,
} from './security-log-flows.ts';

/**
 * Every refused request is recorded in the security log (a `security-<day>` stream of the event store,
 * never the case's own), with a warning line; auditors and admins query and export it.
 */
describe('security log (real app, real PostgreSQL event store)', () => {
  const cases = useCasesApp();
  const admin: TokenClaims = { sub: freshId('admin'), role: 'admin' };
  const streamOf = (applicationId: string) => cases.store.readStream(`application-${applicationId}`);
  afterEach(() => void jest.restoreAllMocks());

  it('a reviewer approving their own case: 403 FOUR_EYES_VIOLATION, recorded with actor, role, command, target, code and request id, nothing in the case', async () => {
    const reviewer: TokenClaims = { sub: freshId('cw'), role: 'caseworker' };
    const c = await caseUnderReview(cases.client, reviewer);
    const before = await streamOf(c.applicationId);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const requestId = freshId('req-four-eyes');

    const refused = await cases.client.post(
      `/applications/${c.applicationId}/grant`,
      { ...reviewer, role: 'approver' },
      {},
      DAYS.decided,
      { 'X-Request-Id': requestId },
    );

    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('FOUR_EYES_VIOLATION');
    expect(refused.headers['x-request-id']).toBe(requestId);
    expect(await streamOf(c.applicationId)).toEqual(before);
    const entries = await securityLog(cases, auditor, { actorId: reviewer.sub });
    expect(entries).toEqual([
      {
        position: expect.stringMatching(/^\d+$/),
        eventId: expect.any(String),
        at: '2017-05-10T01:00:00.000Z',
        actorId: reviewer.sub,
        actorRole: 'approver',
        code: 'FOUR_EYES_VIOLATION',
        status: 403,
        command: 'DecideGrant',
        route: 'POST /applications/:applicationId/grant',
        path: `/applications/${c.applicationId}/grant`,
        target: `application-${c.applicationId}`,
        requestId,
        message: refused.body.message,
      },
    ]);
    // Its own stream of the day, in the hash-chained log; the case's stream is untouched.
    const day = await cases.store.readStream('security-2017-05-10');
    const recorded = day.find((event) => event.metadata.requestId === requestId)!;
    expect(recorded).toMatchObject({ type: 'RequestRefused', metadata: { actorId: reviewer.sub } });
    expect(recorded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`FOUR_EYES_VIOLATION.*DecideGrant.*${reviewer.sub}.*${requestId}`)),
    );
  });

  it('OUT_OF_SCOPE: drafting for another municipality (403, the domain) and acting on its case (the 404 it is answered with)', async () => {
    const intruder = { ...municipality(HACHIOJI), sub: freshId('muni') };
    const foreign = pediatricCase(CHIYODA);
    const drafted = await cases.client.post('/applications', intruder, foreign.draft, DAYS.drafted);
    expect(drafted.status).toBe(403);
    expect(drafted.body.error).toBe('OUT_OF_SCOPE');
    expect(await streamOf(foreign.applicationId)).toEqual([]);

    const c = pediatricCase(CHIYODA);
    await cases.client.step('/applications', c.applicant, c.draft, DAYS.drafted, 'Draft');
    const before = await streamOf(c.applicationId);
    const hidden = await cases.client.post(
      `/applications/${c.applicationId}/submit`,
      intruder,
      {},
      DAYS.submitted,
    );
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe('NOT_FOUND');
    expect(await streamOf(c.applicationId)).toEqual(before);
    // A case that does not exist is no refusal: not recorded.
    const missing = `/applications/${uniqueId('no-such-case')}/submit`;
    expect((await cases.client.post(missing, intruder, {}, DAYS.submitted)).status).toBe(404);

    const entries = await securityLog(cases, auditor, { actorId: intruder.sub, code: 'OUT_OF_SCOPE' });
    expect(entries).toMatchObject([
      {
        actorRole: 'municipality',
        municipalityCode: HACHIOJI,
        status: 403,
        command: 'DraftApplication',
        route: 'POST /applications',
        target: `application-${foreign.applicationId}`,
        requestId: drafted.headers['x-request-id'],
      },
      {
        status: 404,
        route: 'POST /applications/:applicationId/submit',
        target: `/applications/${c.applicationId}/submit`,
        requestId: hidden.headers['x-request-id'],
      },
    ]);
    expect(entries[1]).not.toHaveProperty('command');
  });

  it('ROLE_NOT_ALLOWED and READ_ONLY_ROLE (refused by the guards) are recorded with the route', async () => {
    const c = pediatricCase(CHIYODA);
    await cases.client.step('/applications', c.applicant, c.draft, DAYS.drafted, 'Draft');
    const officer = { ...municipality(CHIYODA), sub: freshId('muni') };
    const reader: TokenClaims = { sub: freshId('au'), role: 'auditor' };
    const granted = await cases.client.post(
      `/applications/${c.applicationId}/grant`,
      officer,
      {},
      DAYS.decided,
    );
    expect(granted.status).toBe(403);
    const submitted = await cases.client.post(
      `/applications/${c.applicationId}/submit`,
      reader,
      {},
      DAYS.submitted,
    );
    expect(submitted.status).toBe(403);

    expect(await securityLog(cases, admin, { actorId: officer.sub })).toMatchObject([
      {
        code: 'ROLE_NOT_ALLOWED',
        status: 403,
        actorRole: 'municipality',
        municipalityCode: CHIYODA,
        route: 'POST /applications/:applicationId/grant',
        target: `/applications/${c.applicationId}/grant`,
        requestId: granted.headers['x-request-id'],
      },
    ]);
    expect(
      await securityLog(cases, admin, {
        actorId: reader.sub,
        command: 'POST /applications/:applicationId/submit',
      }),
    ).toMatchObject([
      { code: 'READ_ONLY_ROLE', actorRole: 'auditor', requestId: submitted.headers['x-request-id'] },
    ]);
  });

  it('a forged token (401 INVALID_SIGNATURE) is recorded as anonymous', async () => {
    const requestId = freshId('req-forged');
    const forged = await request(cases.app.getHttpServer())
      .post('/applications')
      .set(
        'Authorization',
        await rawBearer({ sub: 'x', role: 'admin' }, 'another-secret-another-secret-another'),
      )
      .set('X-Request-Id', requestId)
      .send({});
    expect(forged.status).toBe(401);
    const entries = await securityLog(cases, auditor, { actorId: 'anonymous', code: 'INVALID_SIGNATURE' });
    expect(entries.filter((entry) => entry.requestId === requestId)).toMatchObject([
      { actorRole: 'anonymous', status: 401, route: 'POST /applications', target: '/applications' },
    ]);
  });

  it(`without a token, at most ${ANONYMOUS_REFUSALS_PER_MINUTE} refusals a minute are recorded (the rest are logged), so none can flood the log`, async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const ids = Array.from({ length: ANONYMOUS_REFUSALS_PER_MINUTE + 5 }, () => freshId('req-anonymous'));
    for (const id of ids) {
      const answer = await cases.client.post('/applications', undefined, {}, '2018-03-01', {
        'X-Request-Id': id,
      });
      expect(answer.status).toBe(401);
    }
    const entries = await securityLog(cases, auditor, {
      actorId: 'anonymous',
      code: 'MISSING_TOKEN',
      from: '2018-03-01T00:00:00+09:00',
      to: '2018-03-02T00:00:00+09:00',
    });
    const mine = entries.filter((entry) => ids.includes(entry.requestId as string));
    expect(mine.map((entry) => entry.requestId)).toEqual(ids.slice(0, ANONYMOUS_REFUSALS_PER_MINUTE));
    const lines = warn.mock.calls.map(([line]) => String(line));
    for (const id of ids) expect(lines.some((line) => line.includes(id))).toBe(true);
  });

  it('auditors and admins read it; a caseworker cannot (and that refusal is recorded too), nor read its streams', async () => {
    const cw: TokenClaims = { sub: freshId('cw'), role: 'caseworker' };
    expect((await cases.client.get('/security-log?limit=1', auditor)).status).toBe(200);
    expect((await cases.client.get('/security-log?limit=1', admin)).status).toBe(200);
    const denied = await cases.client.get('/security-log', cw);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('ROLE_NOT_ALLOWED');
    expect(await securityLog(cases, auditor, { actorId: cw.sub })).toMatchObject([
      { code: 'ROLE_NOT_ALLOWED', route: 'GET /security-log', requestId: denied.headers['x-request-id'] },
    ]);
    // Its events are not a caseworker's to read through the history either.
    expect((await cases.client.get('/history/streams/security-2017-05-10', cw)).status).toBe(404);
    expect((await cases.client.get('/history/streams/security-2017-05-10?limit=1', auditor)).status).toBe(
      200,
    );
  });

  it('exports CSV (BOM, Japanese headers) and JSON Lines of the filtered entries', async () => {
    const officer = { ...municipality(CHIYODA), sub: freshId('muni') };
    const c = pediatricCase(CHIYODA);
    await cases.client.step('/applications', c.applicant, c.draft, DAYS.drafted, 'Draft');
    const refused = await cases.client.post(
      `/applications/${c.applicationId}/grant`,
      officer,
      {},
      DAYS.decided,
    );
    const requestId = refused.headers['x-request-id'] as string;

    const csv = await request(cases.app.getHttpServer())
      .get('/security-log/export')
      .query({ format: 'csv', actorId: officer.sub })
      .set('Authorization', await bearer(auditor))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="zaitaku-security-log-\d{8}T\d{6}Z\.csv"$/,
    );
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toMatch(
      /^\uFEFF位置,拒否日時\(JST\),実行者ID,役割,自治体コード,機関ID,拒否コード,HTTPステータス,コマンド,ルート,対象,リクエストID/,
    );
    expect(lines).toHaveLength(3); // header, one entry, the empty rest after the last CRLF
    expect(lines[1]).toContain(
      `2017-05-10T10:00:00.000+09:00,${officer.sub},municipality,${CHIYODA},,ROLE_NOT_ALLOWED,403,,`,
    );
    expect(lines[1]).toContain(requestId);

    const jsonl = await request(cases.app.getHttpServer())
      .get('/security-log/export')
      .query({ format: 'jsonl', actorId: officer.sub, code: 'ROLE_NOT_ALLOWED' })
      .set('Authorization', await bearer(admin))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson');
    const rows = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toMatchObject([
      {
        actorId: officer.sub,
        code: 'ROLE_NOT_ALLOWED',
        requestId,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it('refuses bad filters with 400 naming each field', async () => {
    const answer = await cases.client.get(
      '/security-log?code=bad-code&from=yesterday&command=a%20b%20c',
      auditor,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('VALIDATION_FAILED');
    expect((answer.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'code',
      'command',
      'from',
    ]);
    const format = await cases.client.get('/security-log/export?format=xml', auditor);
    expect(format.status).toBe(400);
  });

  it('a refusal the log cannot take is still the same 403, and the failure is logged', async () => {
    const day = '2018-02-01';
    const trigger = `refuse_security_${RUN.replace(/\W/g, '_')}`;
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      await db.query(`CREATE FUNCTION public.${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the security log is down (test)'; END $$`);
      await db.query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON event_store.events FOR EACH ROW
        WHEN (NEW.stream_id = 'security-${day}') EXECUTE FUNCTION public.${trigger}()`);
      const officer = { ...municipality(CHIYODA), sub: freshId('muni') };
      const refused = await cases.client.post(`/applications/${freshId('any')}/grant`, officer, {}, day);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('ROLE_NOT_ALLOWED');
      expect(error).toHaveBeenCalledWith(
        expect.stringContaining('could not record refusal ROLE_NOT_ALLOWED'),
      );
      expect(await securityLog(cases, auditor, { actorId: officer.sub })).toEqual([]);
    } finally {
      await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON event_store.events`);
      await db.query(`DROP FUNCTION IF EXISTS public.${trigger}()`);
      await db.end();
    }
  });
});

describe('security log routes in the OpenAPI document (createApiApp)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApiApp(testRuntimeConfig());
    await app.init();
  });
  afterAll(async () => app?.close());

  it('documents both routes, their filters and their refusals; every route answer carries an X-Request-Id', async () => {
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const list = docs.body.paths['/security-log'].get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['actorId', 'code', 'command', 'cursor', 'from', 'limit', 'to'].sort(),
    );
    // 500 and 503 are documented on every route (open-api-errors.ts)
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '403', '500', '503']);
    const exported = docs.body.paths['/security-log/export'].get;
    expect(exported.parameters.find((p: { name: string }) => p.name === 'format')).toMatchObject({
      required: true,
      schema: { enum: ['csv', 'jsonl'] },
    });
    expect(docs.body.components.schemas.SecurityLogEntryDto.required).toEqual(
      expect.arrayContaining([
        'actorId',
        'actorRole',
        'code',
        'status',
        'route',
        'target',
        'requestId',
        'at',
      ]),
    );
  });
});
