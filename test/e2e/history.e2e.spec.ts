import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Post } from '@nestjs/common';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent, RecordedEvent } from '#event-store';
import { Roles } from '../../apps/api/src/auth/access.decorators.ts';
import { bearer } from './access-app.ts';
import { historyApp, rawBody, type HistoryApp } from './history-app.ts';

const auditor = { sub: 'audit-0001', role: 'auditor' } as const;
const admin = { sub: 'admin-0001', role: 'admin' } as const;

/** A write route the auditor is even listed on: the global guard still refuses it. */
@Controller('probe/history-notes')
@Roles('auditor', 'caseworker')
class NotesProbeController {
  @Post()
  add(): object {
    return { added: true };
  }
}

/** Polls until `done` holds (at most 10 s), and returns the last value read. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const deadline = Date.now() + 10_000; ;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function event(
  type: string,
  actorId: string,
  data: object,
  extra: Partial<NewEvent['metadata']> = {},
): NewEvent {
  return {
    id: uuidv7(),
    type,
    data,
    metadata: { actorId, actorRole: 'caseworker', correlationId: 'corr-1', ...extra },
  };
}

interface Page {
  readonly events: Record<string, unknown>[];
  readonly nextCursor: string | null;
}

describe('GET /history… (real app, real PostgreSQL)', () => {
  let h: HistoryApp;
  let appended: RecordedEvent[];
  const server = () => h.app.getHttpServer();
  let asAuditor: string;
  let asAdmin: string;
  const get = (path: string, authorization = asAuditor) =>
    request(server()).get(path).set('Authorization', authorization);
  /** Follows nextCursor to the end; returns every event of every page, and the number of pages. */
  async function allPages(
    path: string,
    authorization = asAuditor,
  ): Promise<{ events: Record<string, unknown>[]; pages: number }> {
    const events: Record<string, unknown>[] = [];
    let pages = 0;
    for (let cursor: string | null = null; ;) {
      const separator = path.includes('?') ? '&' : '?';
      const { body }: { body: Page } = await get(
        cursor === null ? path : `${path}${separator}cursor=${cursor}`,
        authorization,
      ).expect(200);
      pages++;
      events.push(...body.events);
      if (body.nextCursor === null) return { events, pages };
      expect(body.nextCursor).toMatch(/^\d+$/);
      cursor = body.nextCursor;
    }
  }

  beforeAll(async () => {
    asAuditor = await bearer(auditor);
    asAdmin = await bearer(admin);
    h = await historyApp('history', [NotesProbeController]);
    const at = (iso: string) => h.clock.set(iso);
    at('2026-04-01T00:00:00Z');
    await h.store.append(
      'application-2026-0001',
      [
        event(
          'ApplicationSubmitted',
          'm-01',
          { 区市町村: '八王子市', 施設名: '在宅療養クリニック "みなみ", 本院', 金額: 1_200_000 },
          { actorRole: 'municipality', requestId: 'req-1' },
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    at('2026-04-02T00:00:00Z');
    await h.store.append(
      'application-2026-0001',
      [
        event(
          'CorrectionRequested',
          'staff-1',
          { 項目: '=SUM(A1)' },
          { reason: '書類不備', causationId: 'cmd-2' },
        ),
      ],
      { expectedRevision: 0 },
    );
    await h.store.append(
      'application-2026-0002',
      [event('ApplicationSubmitted', 'm-02', { 区市町村: '町田市' })],
      {
        expectedRevision: 'no_stream',
      },
    );
    at('2026-04-03T00:00:00Z');
    await h.store.append('application-2026-0001', [event('ApplicationReviewed', 'staff-2', { ok: true })], {
      expectedRevision: 1,
    });
    await h.store.append('training-t1', [event('TrainingCompleted', 'staff-1', { 研修: '在宅医療研修' })], {
      expectedRevision: 'no_stream',
    });
    at('2026-04-04T00:00:00Z');
    // One stream of 25 events in one append: pages of 7 make 4 pages.
    const last = await h.store.append(
      'case-long',
      Array.from({ length: 25 }, (_, i) =>
        event(i % 2 ? 'NoteAdded' : 'NoteRevised', `staff-${i % 3}`, { i }),
      ),
      { expectedRevision: 'no_stream' },
    );
    // Reads return only the stable prefix of the log: wait until it holds the last append (a transaction
    // elsewhere on the shared test server can hold it back for a moment).
    await eventually(
      () => h.store.headPosition(),
      (head) => head >= last.position,
    );
    appended = await h.store.readAll({ maxCount: 1000 });
  });
  afterAll(async () => h?.close());

  describe('pages', () => {
    it('a stream, across pages of 7: every event once, in revision order, with its full envelope', async () => {
      const { events, pages } = await allPages('/history/streams/case-long?limit=7');
      expect(pages).toBe(4);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(new Set(events.map((e) => e.id)).size).toBe(25);

      const { body } = await get('/history/streams/application-2026-0001').expect(200);
      expect(body.nextCursor).toBeNull();
      const stored = appended.find((e) => e.type === 'CorrectionRequested')!;
      expect(body.events[1]).toEqual({
        id: stored.id,
        streamId: 'application-2026-0001',
        revision: 1,
        position: stored.position.toString(),
        type: 'CorrectionRequested',
        schemaVersion: 1,
        data: { 項目: '=SUM(A1)' },
        metadata: {
          actorId: 'staff-1',
          actorRole: 'caseworker',
          correlationId: 'corr-1',
          causationId: 'cmd-2',
          reason: '書類不備',
        },
        recordedAt: '2026-04-02T00:00:00.000Z',
        hash: stored.hash,
      });
      expect(body.events[0].metadata.requestId).toBe('req-1');
      expect(body.events[0].data.施設名).toBe('在宅療養クリニック "みなみ", 本院');
    });

    it('the whole log, across pages of 4: every event once, in log order, without the access records', async () => {
      const { events, pages } = await allPages('/history?limit=4');
      expect(pages).toBeGreaterThanOrEqual(8);
      expect(events.map((e) => e.id)).toEqual(appended.map((e) => e.id));
      const positions = events.map((e) => BigInt(e.position as string));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('a category, in log order', async () => {
      const { events } = await allPages('/history/categories/application?limit=2');
      expect(events.map((e) => e.id)).toEqual(
        appended.filter((e) => e.streamId.startsWith('application-')).map((e) => e.id),
      );
      const empty = await get('/history/categories/nothingHere').expect(200);
      expect(empty.body).toEqual({ events: [], nextCursor: null });
    });

    it('filters: repeated type, actorId, and the from (inclusive) – to (exclusive) window; pages resume after a filtered scan', async () => {
      const types = await allPages('/history?type=ApplicationSubmitted&type=TrainingCompleted&limit=1');
      expect(types.events.map((e) => [e.streamId, e.type])).toEqual([
        ['application-2026-0001', 'ApplicationSubmitted'],
        ['application-2026-0002', 'ApplicationSubmitted'],
        ['training-t1', 'TrainingCompleted'],
      ]);
      const byActor = await allPages('/history/categories/application?actorId=staff-1');
      expect(byActor.events.map((e) => e.type)).toEqual(['CorrectionRequested']);
      const window = await allPages(
        `/history?from=${encodeURIComponent('2026-04-02T09:00:00+09:00')}&to=2026-04-03T00:00:00Z`,
      );
      expect(window.events.map((e) => e.recordedAt)).toEqual([
        '2026-04-02T00:00:00.000Z',
        '2026-04-02T00:00:00.000Z',
      ]);
      const combined = await allPages('/history/streams/case-long?actorId=staff-0&type=NoteRevised&limit=3');
      expect(combined.events.map((e) => e.revision)).toEqual([0, 6, 12, 18, 24]);
    });
  });

  describe('errors', () => {
    it('404 naming a stream that does not exist', async () => {
      const { body } = await get('/history/streams/application-2099-9999').expect(404);
      expect(body).toEqual({
        error: 'NOT_FOUND',
        message: 'no such stream "application-2099-9999", or not yours to see',
      });
      await get('/history/streams/application-2099-9999/export?format=csv').expect(404);
    });

    it.each([
      ['/history?from=yesterday', 'from', 'yesterday'],
      ['/history?from=2026-04-01T00:00:00', 'from', '2026-04-01T00:00:00'],
      ['/history?from=2026-02-30T00:00:00Z', 'from', '2026-02-30T00:00:00Z'],
      ['/history?to=2026-13-01T00:00:00Z', 'to', '2026-13-01T00:00:00Z'],
      ['/history?from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z', 'to', '2026-04-01T00:00:00Z'],
      ['/history?limit=0', 'limit', '0'],
      ['/history?limit=1001', 'limit', '1001'],
      ['/history?limit=ten', 'limit', 'ten'],
      ['/history?cursor=-1', 'cursor', '-1'],
      ['/history?cursor=abc', 'cursor', 'abc'],
      ['/history?cursor=99999999999999999999', 'cursor', '99999999999999999999'],
      ['/history/streams/case-long?cursor=9007199254740991', 'cursor', '9007199254740991'],
      ['/history?type=not-a-type', 'type', 'not-a-type'],
      ['/history?actorId=', 'actorId', ''],
      ['/history?colour=blue', 'colour', 'blue'],
      ['/history/export?format=xml', 'format', 'xml'],
      ['/history/export', 'format', null],
      ['/history/streams/NoCategory', 'streamId', 'NoCategory'],
      ['/history/categories/Bad-Category', 'category', 'Bad-Category'],
    ])('400 VALIDATION_FAILED for %s, naming %s', async (path, field, value) => {
      const { body } = await get(path).expect(400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toContain(field);
      expect(body.errors).toContainEqual({ field, value, reason: expect.any(String) });
    });

    it('names the expected form of a bad instant, limit and cursor', async () => {
      const { body } = await get('/history?from=2026-04-01&limit=5000&cursor=x').expect(400);
      const reasons = Object.fromEntries(
        body.errors.map((e: { field: string; reason: string }) => [e.field, e.reason]),
      );
      expect(reasons.from).toMatch(/ISO 8601 instant with a time zone/);
      expect(reasons.limit).toMatch(/from 1 to 1000/);
      expect(reasons.cursor).toMatch(/nextCursor/);
    });

    it('401 without a token; 403 for roles that may not read the whole log; an auditor may POST nothing', async () => {
      await request(server()).get('/history').expect(401);
      await request(server()).get('/history/streams/case-long/export?format=csv').expect(401);
      await request(server()).get('/admin/audit-access').expect(401);
      const caseworker = { sub: 'staff-1', role: 'caseworker' } as const;
      await get('/history/streams/case-long', await bearer(caseworker)).expect(200);
      expect((await get('/history', await bearer(caseworker)).expect(403)).body.error).toBe(
        'ROLE_NOT_ALLOWED',
      );
      await get('/history/categories/application', await bearer({ sub: 'ap-1', role: 'approver' })).expect(
        403,
      );
      await get(
        '/history/streams/case-long',
        await bearer({ sub: 'm', role: 'municipality', municipalityCode: '131016' }),
      ).expect(403);
      const post = (path: string, authorization: string) =>
        request(server()).post(path).set('Authorization', authorization).send({});
      expect((await post('/probe/history-notes', asAuditor).expect(403)).body.error).toBe('READ_ONLY_ROLE');
      await post('/probe/history-notes', await bearer({ sub: 'staff-1', role: 'caseworker' })).expect(201);
      // The history has no write route at all: nothing to change, for anyone.
      await post('/history', asAdmin).expect(404);
      await post('/history/streams/case-long', asAdmin).expect(404);
    });
  });

  describe('exports', () => {
    it('CSV: BOM, Japanese headers, one row per event, Japanese intact, an attachment', async () => {
      const response = await get('/history/categories/application/export?format=csv')
        .buffer(true)
        .parse(rawBody)
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="zaitaku-history-application-\d{8}T\d{6}Z\.csv"$/,
      );
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      const lines = text.slice(1).split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(
        '位置,ストリーム,版,イベント,スキーマ版,記録日時(JST),実行者ID,役割,理由,相関ID,原因ID,イベントID,データ(JSON),ハッシュ',
      );
      expect(lines).toHaveLength(1 + 4);
      expect(text).toContain('八王子市');
      // jsonb keeps its own key order; quotes doubled inside the quoted cell
      expect(text).toContain('""施設名"":""在宅療養クリニック \\""みなみ\\"", 本院""');
      expect(text).toContain('2026-04-02T09:00:00.000+09:00');
      expect(text).toContain('書類不備');
    });

    it('JSON Lines: one parseable event per line, with the filters applied', async () => {
      const response = await get('/history/export?format=jsonl&type=NoteAdded')
        .buffer(true)
        .parse(rawBody)
        .expect(200);
      expect(response.headers['content-type']).toBe('application/x-ndjson');
      expect(response.headers['content-disposition']).toMatch(/filename="zaitaku-history-all-.*\.jsonl"/);
      const lines = (response.body as Buffer).toString('utf8').trimEnd().split('\n');
      const events = lines.map((line) => JSON.parse(line));
      expect(events).toHaveLength(12);
      expect(events.every((e) => e.type === 'NoteAdded' && typeof e.position === 'string')).toBe(true);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => 2 * i + 1));
    });
  });

  describe('the access log', () => {
    it('records an auditor’s queries and exports for the admin: who, what, filters, how many', async () => {
      const someone = { sub: `audit-${uuidv7()}`, role: 'auditor' } as const;
      await get('/history/streams/case-long?limit=5&type=NoteAdded', await bearer(someone))
        .set('X-Request-Id', 'req-audit-42')
        .expect(200);
      await get('/history/streams/application-2099-9999', await bearer(someone)).expect(404);
      await get('/history/categories/training/export?format=jsonl', await bearer(someone)).expect(200);

      const { body } = await eventually(
        () =>
          get(`/admin/audit-access?actorId=${someone.sub}&from=2020-01-01T00:00:00Z`, asAdmin).expect(200),
        (response) => response.body.entries.length >= 4,
      );
      expect(body.nextCursor).toBeNull();
      expect(body.entries.map((e: { type: string }) => e.type)).toEqual([
        'HistoryQueried',
        'HistoryQueried',
        'HistoryExportStarted',
        'HistoryExportFinished',
      ]);
      const [query, missing, started, finished] = body.entries;
      expect(query).toMatchObject({
        actorId: someone.sub,
        actorRole: 'auditor',
        requestId: 'req-audit-42',
        access: {
          scope: 'stream',
          streamId: 'case-long',
          filters: { types: ['NoteAdded'] },
          limit: 5,
          returned: 5,
          nextCursor: '9',
        },
      });
      expect(Date.now() - Date.parse(query.recordedAt)).toBeLessThan(60_000);
      expect(missing.access).toMatchObject({ streamId: 'application-2099-9999', returned: 0, found: false });
      expect(started.access).toEqual({
        scope: 'category',
        category: 'training',
        filters: {},
        format: 'jsonl',
      });
      expect(finished).toMatchObject({
        causationId: expect.any(String),
        access: { category: 'training', format: 'jsonl', returned: 1, completed: true },
      });
      expect(finished.requestId).toBe(started.requestId);

      const outside = await get(
        `/admin/audit-access?actorId=${someone.sub}&to=2020-01-01T00:00:00Z`,
        asAdmin,
      ).expect(200);
      expect(outside.body.entries).toEqual([]);
    });

    it('pages the access log', async () => {
      const first = await get('/admin/audit-access?limit=2', asAdmin).expect(200);
      expect(first.body.entries).toHaveLength(2);
      const next = await get(`/admin/audit-access?limit=2&cursor=${first.body.nextCursor}`, asAdmin).expect(
        200,
      );
      expect(BigInt(next.body.entries[0].position)).toBeGreaterThan(BigInt(first.body.entries[1].position));
    });

    it('is not the auditor’s to see: 403 on the admin route, and hidden from the history', async () => {
      const { body } = await get('/admin/audit-access').expect(403);
      expect(body.error).toBe('ROLE_NOT_ALLOWED');
      await get('/history/categories/auditAccess').expect(404);
      await get('/history/categories/auditAccess/export?format=csv').expect(404);
      const { body: log } = await get('/history?limit=1000').expect(200);
      expect(log.events.some((e: { streamId: string }) => e.streamId.startsWith('auditAccess-'))).toBe(false);
      const { body: forAdmin } = await get('/history/categories/auditAccess', asAdmin).expect(200);
      expect(forAdmin.events.length).toBeGreaterThan(0);
      const stream = forAdmin.events[0].streamId as string;
      expect(stream).toMatch(/^auditAccess-\d{4}-\d{2}-\d{2}$/);
      await get(`/history/streams/${stream}`).expect(404);
    });
  });

  it('documents the routes in OpenAPI', async () => {
    const { createApiApp } = await import('../../apps/api/src/create-api-app.ts');
    const { testRuntimeConfig } = await import('./runtime-config.ts');
    const app = await createApiApp(testRuntimeConfig());
    await app.init();
    try {
      const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining([
          '/history',
          '/history/export',
          '/history/streams/{streamId}',
          '/history/streams/{streamId}/export',
          '/history/categories/{category}',
          '/history/categories/{category}/export',
          '/admin/audit-access',
        ]),
      );
      expect(body.components.schemas.HistoryEventDto.properties.position.type).toBe('string');
      const parameters = body.paths['/history'].get.parameters.map((p: { name: string }) => p.name);
      expect(parameters).toEqual(
        expect.arrayContaining(['from', 'to', 'actorId', 'type', 'cursor', 'limit']),
      );
    } finally {
      await app.close();
    }
  });
});
