import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { ManualClock } from '../port/clock.ts';
import type { RecordedEvent } from '../port/event-envelope.ts';
import { PostgresEventStore } from '../postgres/postgres-event-store.ts';
import { readHistory } from './history-reader.ts';
import { csvField, writeHistory, type HistoryFormat } from './history-format.ts';

const category = `hist${Date.now().toString(36)}`;
const clock = new ManualClock('2026-04-01T00:00:00Z');

describe('history', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: process.env.DATABASE_URL!, clock });
    const append = async (stream: string, type: string, actorId: string, data: unknown, reason?: string) => {
      const metadata = {
        actorId,
        actorRole: 'caseworker',
        correlationId: 'corr',
        ...(reason ? { reason } : {}),
      };
      await store.append(`${category}-${stream}`, [{ id: uuidv7(), type, data, metadata }], {
        expectedRevision: 'any',
      });
      clock.advance(24 * 3_600_000);
    };
    await append('1', 'ApplicationSubmitted', 'alice', { 金額: 1000 }); // 04-01
    await append('2', 'ApplicationSubmitted', 'bob', { note: 'a, "quoted"\nline' }); // 04-02
    await append('1', 'ReviewStarted', 'bob', { checks: [] }, '=HYPERLINK("x")'); // 04-03
    await append('1', 'GrantDecided', 'carol', { amount: 3_600_000 }); // 04-04
  });
  afterAll(async () => store.close());

  const collect = async (
    filter: Parameters<typeof readHistory>[1],
    pageSize = 2,
  ): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const event of readHistory(store, filter, pageSize)) out.push(event);
    return out;
  };

  it('given a stream, returns its events oldest first across pages', async () => {
    const events = await collect({ streamId: `${category}-1` });
    expect(events.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'ReviewStarted', 'GrantDecided']);
  });

  it('given a category and filters on actor, type and time, returns only what matches', async () => {
    expect((await collect({ category, actorId: 'bob' })).map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'ReviewStarted',
    ]);
    expect(
      (await collect({ category, eventTypes: ['GrantDecided'] })).map((e) => e.metadata.actorId),
    ).toEqual(['carol']);
    const window = await collect({
      category,
      from: new Date('2026-04-02T00:00:00Z'),
      to: new Date('2026-04-04T00:00:00Z'),
    });
    expect(window.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'ReviewStarted']);
  });

  const render = async (format: HistoryFormat): Promise<{ text: string; count: number }> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const count = await writeHistory(readHistory(store, { category }), format, out);
    out.end();
    return { text: Buffer.concat(chunks).toString('utf8'), count };
  };

  it('writes CSV that Excel opens: BOM, Japanese headers, CRLF, quoted fields, Tokyo time, no formulas', async () => {
    const { text, count } = await render('csv');
    expect(count).toBe(4);
    expect(
      text.startsWith('\uFEFF位置,ストリーム,版,イベント,スキーマ版,記録日時(JST),実行者ID,役割,理由'),
    ).toBe(true);
    expect(text).toContain('2026-04-01T09:00:00.000+09:00');
    expect(text).toContain('"{""note"":""a, \\""quoted\\""\\nline""}"');
    expect(text).toContain(`,"'=HYPERLINK(""x"")",corr,`);
    expect(text.split('\r\n')).toHaveLength(6); // header, 4 rows, the empty rest after the last CRLF
  });

  it('writes JSON Lines that read back to the same events', async () => {
    const { text } = await render('jsonl');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { data: unknown; position: string });
    expect(lines).toHaveLength(4);
    expect(lines[0]!.data).toEqual({ 金額: 1000 });
    expect(BigInt(lines[3]!.position)).toBeGreaterThan(BigInt(lines[0]!.position));
  });

  it('escapes CSV fields by RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('+81')).toBe("'+81");
    expect(csvField('-1')).toBe("'-1");
  });
});
