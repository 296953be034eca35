import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { bearer } from './access-app.ts';
import { historyApp, rawBody, type HistoryApp } from './history-app.ts';

const EVENTS = 30_000;
const filler = '在宅療養'.repeat(100); // ~1.2 KB of UTF-8 per event: ~40 MB of CSV in all

/** A large export: the whole of it arrives intact; a client that stops reading and leaves stops it. */
describe('history exports at size (real app, real PostgreSQL)', () => {
  let h: HistoryApp;
  let baseUrl: string;
  let asAuditor: string;

  beforeAll(async () => {
    h = await historyApp('histexport');
    asAuditor = await bearer({ sub: 'audit-big', role: 'auditor' });
    let last = 0n;
    for (let batch = 0; batch < EVENTS / 10_000; batch++) {
      const events = Array.from({ length: 10_000 }, (_, i) => ({
        id: uuidv7(),
        type: 'BulkRecorded',
        data: { i: batch * 10_000 + i, filler },
        metadata: { actorId: 'bulk', actorRole: 'system', correlationId: 'bulk' },
      }));
      last = (await h.store.append(`bulk-${batch}`, events, { expectedRevision: 'no_stream' })).position;
    }
    while ((await h.store.headPosition()) < last) await new Promise((resolve) => setTimeout(resolve, 25));
    await h.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => h?.close());

  it('exports every event of a large category as CSV, one line each', async () => {
    const response = await request(baseUrl)
      .get('/history/categories/bulk/export?format=csv')
      .set('Authorization', asAuditor)
      .buffer(true)
      .parse(rawBody)
      .expect(200);
    const text = (response.body as Buffer).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(1 + EVENTS + 1); // header, events, the empty rest after the last CRLF
  }, 120_000);

  it('a client that stops reading holds the export back; when it leaves, the export stops and is recorded as incomplete', async () => {
    const requestId = `req-${uuidv7()}`;
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(
        `${baseUrl}/history/categories/bulk/export?format=csv`,
        { headers: { Authorization: asAuditor, 'X-Request-Id': requestId } },
        resolve,
      ).on('error', reject),
    );
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => response.once('data', resolve));
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    response.destroy();

    const asAdmin = await bearer({ sub: 'admin-1', role: 'admin' });
    let finished: { access: { returned: number; completed: boolean } } | undefined;
    for (const deadline = Date.now() + 15_000; finished === undefined && Date.now() < deadline;) {
      const { body } = await request(baseUrl)
        .get('/admin/audit-access?actorId=audit-big&limit=1000')
        .set('Authorization', asAdmin)
        .expect(200);
      finished = body.entries.find(
        (e: { type: string; requestId: string }) =>
          e.type === 'HistoryExportFinished' && e.requestId === requestId,
      );
      if (finished === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(finished?.access.completed).toBe(false);
    // Back-pressure: the server stopped reading at what the socket buffers hold, far from the end.
    expect(finished?.access.returned).toBeLessThan(EVENTS / 2);
  }, 60_000);
});
